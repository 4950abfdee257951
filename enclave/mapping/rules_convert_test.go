package mapping

import "testing"

// TestConversionRules breaks one rule of a date, postcode or copied column
// per case.
func TestConversionRules(t *testing.T) {
	t.Parallel()
	const f = "m.yaml:"
	runRuleCases(t, visitsMapping, nil, []ruleCase{
		// Dates.
		{name: "two-digit year", old: `layout: "02/01/2006"`, new: `layout: "02/01/06"`,
			want: []string{f + "14: columns[2].date.layout: must write the year with four digits (2006): two-digit years are ambiguous"}},
		{name: "layout without a day", old: `layout: "02/01/2006"`, new: `layout: "01/2006"`,
			want: []string{f + `14: columns[2].date.layout: "01/2006" is not a Go date layout with a year, a month and a day, such as 2006-01-02 or 02/01/2006`}},
		{name: "layout missing", old: `layout: "02/01/2006", `, new: "",
			want: []string{f + "14: columns[2].date.layout: is required"}},
		{name: "coarsen unknown", old: "coarsen: week_start", new: "coarsen: month",
			want: []string{f + `11: columns[1].date.coarsen: "month" is not one of year, week_start, age_band, none`}},
		{name: "coarsen year into a date", old: "coarsen: week_start", new: "coarsen: year",
			want: []string{f + "11: columns[1].date.coarsen: coarsen year needs a target column of type integer; week has type date"}},
		{name: "coarsen none into a code", old: "coarsen: age_band, at: seen, bands: [0, 18, 65]", new: "coarsen: none",
			want: []string{f + "14: columns[2].date.coarsen: coarsen none needs a target column of type date; age_group has type code"}},
		{name: "age band into a date", old: "coarsen: week_start", new: "coarsen: age_band, at: born, bands: [0, 18]",
			want: []string{f + "11: columns[1].date.coarsen: coarsen age_band needs a target column of type code or text; week has type date"}},
		{name: "at without age band", old: "coarsen: week_start", new: "coarsen: week_start, at: born",
			want: []string{f + "11: columns[1].date.at: only with coarsen: age_band"}},
		{name: "bands missing", old: ", bands: [0, 18, 65]", new: "",
			want: []string{f + "14: columns[2].date.bands: is required"}},
		{name: "at missing", old: " at: seen,", new: "",
			want: []string{f + "14: columns[2].date.at: is required"}},
		{name: "one band", old: "bands: [0, 18, 65]", new: "bands: [0]",
			want: []string{f + "14: columns[2].date.bands: must list at least two lower bounds, the first 0, such as [0, 18, 65]"}},
		{name: "bands not from 0", old: "bands: [0, 18, 65]", new: "bands: [1, 18, 65]",
			want: []string{f + "14: columns[2].date.bands[0]: the first band must start at 0"}},
		{name: "bands not rising", old: "bands: [0, 18, 65]", new: "bands: [0, 65, 18]",
			want: []string{f + "14: columns[2].date.bands[2]: must be greater than the bound before it"}},
		{name: "bands too old", old: "bands: [0, 18, 65]", new: "bands: [0, 18, 200]",
			want: []string{f + "14: columns[2].date.bands[2]: must be at most 150"}},
		{name: "band not a value", old: "bands: [0, 18, 65]", new: "bands: [0, 18, 60]",
			want: []string{f + `14: columns[2].date.bands: band "18-59" is not allowed by column age_group: value is not one of the allowed values`,
				f + `14: columns[2].date.bands: band "60+" is not allowed by column age_group: value is not one of the allowed values`}},
		{name: "at unknown", old: "at: seen", new: "at: visit_date",
			want: []string{f + `14: columns[2].date.at: "visit_date" must name a source column mapped with date:`}},
		{name: "at not a date", old: "at: seen", new: "at: visits",
			want: []string{f + `14: columns[2].date.at: "visits" must name a source column mapped with date:`}},
		{name: "at itself", old: "at: seen", new: "at: born",
			want: []string{f + "14: columns[2].date.at: must name another column: the date the age is taken at"}},
		{name: "at optional", old: "coarsen: week_start}", new: "coarsen: week_start}\n    optional: true",
			want: []string{f + `15: columns[2].date.at: column "seen" is optional, but every row needs the date the age is taken at`}},
		{name: "date column without date", old: "    date: {layout: \"2006-01-02T15:04:05Z07:00\", coarsen: week_start}\n", new: "",
			want: []string{f + `9: columns[1].date: is required: "week" is a date column; give date: {layout: 2006-01-02, coarsen: none}`,
				f + `13: columns[2].date.at: "seen" must name a source column mapped with date:`}},
		{name: "date with values", old: "coarsen: week_start}", new: "coarsen: week_start}\n    values: [a]",
			want: []string{f + "12: columns[1].values: a date column takes no values"}},

		// Postcodes.
		{name: "outward is the default area", old: "postcode: {area: outward}", new: "postcode: {area: district}",
			want: []string{f + `17: columns[3].postcode.area: "district" is not an area; the only one is outward (give lookup: for anything finer)`}},
		{name: "area and lookup", old: "postcode: {area: outward}", new: "postcode: {area: outward, lookup: pc.csv}",
			want: []string{f + "17: columns[3].postcode: give area or lookup, not both"}},
		{name: "postcode needs an area", old: "postcode: {area: outward}", new: "postcode: {}",
			want: []string{f + "17: columns[3].postcode: needs area: outward or lookup: <file>"}},
		{name: "postcode column without lookup", old: "postcode: {area: outward}", new: "postcode: {area: outward, postcode_column: pcds}",
			want: []string{f + "17: columns[3].postcode.postcode_column: only with lookup"}},
		{name: "postcode into an integer", old: "target: visits", new: "target: visits\n    postcode: {area: outward}",
			want: []string{f + "23: columns[5].postcode: a postcode becomes an area code: target column visits must have type code or text, not integer"}},
		{name: "lookup missing", old: "postcode: {area: outward}", new: "postcode: {lookup: pc.csv}",
			want: []string{f + "17: columns[3].postcode.lookup: cannot read the lookup file: open pc.csv: file does not exist"}},
		{name: "lookup outside", old: "postcode: {area: outward}", new: "postcode: {lookup: ../pc.csv}",
			want: []string{f + `17: columns[3].postcode.lookup: "../pc.csv" must be a path relative to the mapping file, inside its directory, written with /`}},
		{name: "date and postcode", old: "postcode: {area: outward}", new: "postcode: {area: outward}\n    date: {layout: \"2006-01-02\", coarsen: none}",
			want: []string{f + "17: columns[3].postcode: a column is a date or a postcode, not both"}},

		// Copied values.
		{name: "values on an integer", old: "target: visits", new: "target: visits\n    values: [\"1\"]",
			want: []string{f + "23: columns[5].values: only code and text columns take values"}},
		{name: "pattern on a boolean", old: "target: smoker", new: "target: smoker\n    pattern: \"t.*\"",
			want: []string{f + "25: columns[6].pattern: only code and text columns take a pattern"}},
		{name: "recode to a non-boolean", old: `N: "false"`, new: `N: "no"`,
			want: []string{f + `25: columns[6].recode.N: "no" does not fit column smoker: value is not true or false`}},
		{name: "recode to empty, not optional", old: `N: "false"`, new: `N: ""`,
			want: []string{f + "25: columns[6].recode.N: recodes to empty, but the column is not optional"}},
		{name: "recode twice", old: `N: "false"`, new: `N: "false", N: "true"`,
			want: []string{f + `25: columns[6].recode: "N" is recoded twice (first at line 25)`}},
		{name: "recode not a mapping", old: `recode: {Y: "true", N: "false", "": "false"}`, new: "recode: [Y, N]",
			want: []string{f + "25: columns[6].recode: must be a mapping from source values to target values"}},
	})
}

// TestTextRules checks values and patterns against a code column with a
// pattern (area) and one with values (age_group).
func TestTextRules(t *testing.T) {
	t.Parallel()
	const f = "m.yaml:"
	const base = `mapping: codes
version: 1
dataset: visits
absent: [week, bmi, visits, smoker, note]
columns:
  - {source: id, identifier: {type: nhs}}
  - {source: area, target: area}
  - {source: age, target: age_group}
`
	runRuleCases(t, base, nil, []ruleCase{
		{name: "valid"},
		{name: "own values", old: "target: area}", new: "target: area, values: [LS1, LS2]}"},
		{name: "own value refused by the catalogue", old: "target: area}", new: "target: area, values: [LS1, ls2]}",
			want: []string{f + `7: columns[1].values[1]: "ls2" is refused by the catalogue: column area: value does not match the column's pattern`}},
		{name: "own value twice", old: "target: area}", new: "target: area, values: [LS1, LS1]}",
			want: []string{f + `7: columns[1].values[1]: "LS1" is listed twice`}},
		{name: "own value outside own pattern", old: "target: area}", new: "target: area, values: [LS1, BD1], pattern: \"LS.*\"}",
			want: []string{f + `7: columns[1].values[1]: "BD1" does not match the pattern`}},
		{name: "no own values", old: "target: area}", new: "target: area, values: []}",
			want: []string{f + "7: columns[1].values: must list at least one value"}},
		{name: "own pattern invalid", old: "target: area}", new: "target: area, pattern: \"LS(\"}",
			want: []string{f + "7: columns[1].pattern: is not a valid regular expression: error parsing regexp: missing closing ): `LS(`"}},
		{name: "own pattern leaves no value", old: "target: age_group}", new: "target: age_group, pattern: \"[a-z]+\"}",
			want: []string{f + "8: columns[2].pattern: matches none of column age_group's values"}},
		{name: "own pattern narrows values", old: "target: age_group}", new: "target: age_group, pattern: \"[0-9]+-[0-9]+\"}"},
	})
}

// TestLookupRules checks the rules of postcode lookup files, whose problems
// name the lookup file's lines and never its values.
func TestLookupRules(t *testing.T) {
	t.Parallel()
	const l = "lookups/pc.csv:"
	tests := []struct {
		name, lookup string
		want         []string
	}{
		{"valid", pcLookup, nil},
		{"other column names", "pcds,lsoa21cd\nLS6 2QB,E01011264\n",
			[]string{l + `1: the header has no column "postcode" (name it with postcode_column)`}},
		{"bad rows", "postcode,area,x\nLS6 2QB,E01011264,1\nLS6,E01011264,2\nls62qb,E01011265,3\nLS7 1AA,W01000001,4\nLS8 1AA,,5\nLS9 \xff,E01011264,6\nLS10 1AA,E01011264\n",
			[]string{l + "3: postcode is not a UK postcode", l + "4: postcode is listed on an earlier line too",
				l + "5: area does not fit column lsoa_code: value does not match the allowed pattern (code.pattern)",
				l + "6: area is empty", l + "7: row refused (encoding.invalid)", l + "8: row refused (columns.count)"}},
		{"empty", "postcode,area\n", []string{"lookups/pc.csv: lists no postcodes"}},
		{"no header", "", []string{"lookups/pc.csv: csvsource: input is empty: there is no header line"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := problems(t, "m.yaml", patientsMapping, "lookups/pc.csv", tt.lookup)
			if len(got) != len(tt.want) {
				t.Fatalf("problems:\n%q\nwant:\n%q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("problem %d = %s, want %s", i, got[i], tt.want[i])
				}
			}
		})
	}
}
