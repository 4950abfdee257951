package mapping

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var loadDate = time.Date(2025, 6, 30, 15, 0, 0, 0, time.UTC)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// transformCase is one record and what Transform must make of it: the
// identifier's domain message and values, or a reject.
type transformCase struct {
	name   string
	record string // fields separated by |
	msg    string
	values []any
	reject Reject
}

func runTransformCases(t *testing.T, m *Mapping, header string, tests []transformCase) {
	t.Helper()
	tr, err := m.Bind(strings.Split(header, "|"), loadDate)
	if err != nil {
		t.Fatalf("Bind: %v", err)
	}
	for _, tt := range tests { // not parallel: tr reuses its buffers
		res, rej := tr.Transform(strings.Split(tt.record, "|"))
		switch {
		case tt.reject.Reason != "" && (rej == nil || *rej != tt.reject):
			t.Errorf("%s: reject = %v, want %v", tt.name, rej, tt.reject)
		case tt.reject.Reason != "":
		case rej != nil:
			t.Errorf("%s: rejected: %v", tt.name, rej)
		case string(res.Person.DomainMessage()) != tt.msg:
			t.Errorf("%s: identifier message = %q, want %q", tt.name, res.Person.DomainMessage(), tt.msg)
		case fmt.Sprintf("%#v", res.Values) != fmt.Sprintf("%#v", tt.values):
			t.Errorf("%s: values\n%#v\nwant\n%#v", tt.name, res.Values, tt.values)
		}
	}
}

func TestTransformVisits(t *testing.T) {
	t.Parallel()
	m := mustLoad(t, "m.yaml", visitsMapping)
	if got := strings.Join(m.Columns(), ","); got != "week,area,age_group,bmi,visits,smoker,note" {
		t.Fatalf("Columns = %s", got)
	}
	const header = "surname|smoker|visits|bmi|postcode|born|seen|hospital_no"
	const msg = "local:leeds.th.hospital-number:RR8-123"
	tests := []transformCase{
		{name: "whole row", record: "Smith|Y|3|27.4|ls6 2qb|02/01/1980|2024-03-07T10:15:00Z|RR8-123", msg: msg,
			values: []any{day(2024, 3, 4), "LS6", "18-64", 27.4, int64(3), true, nil}},
		{name: "trimmed, optional empty, recoded empty", record: " | | 0 |\t| LS16 9QX |01/01/2007|2025-01-05T23:59:59+01:00| RR8-123 ", msg: msg,
			values: []any{day(2024, 12, 30), "LS16", "18-64", nil, int64(0), false, nil}},
		{name: "age band edges", record: "x|N|1|1e1|W1A 1AA|05/01/2007|2025-01-04T00:00:00Z|RR8-123", msg: msg,
			values: []any{day(2024, 12, 30), "W1A", "0-17", 10.0, int64(1), false, nil}},
		{name: "oldest band", record: "x|N|1|-1|EC1A1BB|28/02/1960|2025-02-28T00:00:00Z|RR8-123", msg: msg,
			values: []any{day(2025, 2, 24), "EC1A", "65+", -1.0, int64(1), false, nil}},

		{name: "missing identifier", record: "x|Y|3||LS6 2QB|02/01/1980|2024-03-07T10:15:00Z| ",
			reject: Reject{Column: "hospital_no", Reason: ReasonIdentifierMissing}},
		{name: "identifier with a control character", record: "x|Y|3||LS6 2QB|02/01/1980|2024-03-07T10:15:00Z|RR\x018",
			reject: Reject{Column: "hospital_no", Reason: ReasonIdentifierInvalid}},
		{name: "date not in the layout", record: "x|Y|3||LS6 2QB|02/01/1980|2024-03-07|RR8-123",
			reject: Reject{Column: "seen", Reason: ReasonDate}},
		{name: "no such day", record: "x|Y|3||LS6 2QB|30/02/1980|2024-03-07T10:15:00Z|RR8-123",
			reject: Reject{Column: "born", Reason: ReasonDate}},
		{name: "future", record: "x|Y|3||LS6 2QB|02/01/1980|2025-07-01T00:00:00Z|RR8-123",
			reject: Reject{Column: "seen", Reason: ReasonDateFuture}},
		{name: "seen before birth", record: "x|Y|3||LS6 2QB|02/01/2024|2023-03-07T10:15:00Z|RR8-123",
			reject: Reject{Column: "born", Reason: ReasonAgeNegative}},
		{name: "required date empty", record: "x|Y|3||LS6 2QB||2024-03-07T10:15:00Z|RR8-123",
			reject: Reject{Column: "born", Reason: ReasonRequired}},
		{name: "postcode too short", record: "x|Y|3||LS6|02/01/1980|2024-03-07T10:15:00Z|RR8-123",
			reject: Reject{Column: "postcode", Reason: ReasonPostcode}},
		{name: "not an integer", record: "x|Y|3.5||LS6 2QB|02/01/1980|2024-03-07T10:15:00Z|RR8-123",
			reject: Reject{Column: "visits", Reason: ReasonInteger}},
		{name: "integer required", record: "x|Y|||LS6 2QB|02/01/1980|2024-03-07T10:15:00Z|RR8-123",
			reject: Reject{Column: "visits", Reason: ReasonRequired}},
		{name: "number overflow", record: "x|Y|3|1e999|LS6 2QB|02/01/1980|2024-03-07T10:15:00Z|RR8-123",
			reject: Reject{Column: "bmi", Reason: ReasonNumber}},
		{name: "number NaN", record: "x|Y|3|NaN|LS6 2QB|02/01/1980|2024-03-07T10:15:00Z|RR8-123",
			reject: Reject{Column: "bmi", Reason: ReasonNumber}},
		{name: "number hex", record: "x|Y|3|0x1p4|LS6 2QB|02/01/1980|2024-03-07T10:15:00Z|RR8-123",
			reject: Reject{Column: "bmi", Reason: ReasonNumber}},
		{name: "not a boolean", record: "x|yes|3||LS6 2QB|02/01/1980|2024-03-07T10:15:00Z|RR8-123",
			reject: Reject{Column: "smoker", Reason: ReasonBoolean}},
		{name: "too few fields", record: "x|Y|3", reject: Reject{Reason: ReasonColumns}},
	}
	runTransformCases(t, m, header, tests)
}

func TestTransformPatients(t *testing.T) {
	t.Parallel()
	m := mustLoad(t, "m.yaml", patientsMapping, "lookups/pc.csv", pcLookup)
	const header = "nhs|dob|sex|postcode|decile|ethnicity"
	tests := []transformCase{
		{name: "whole row", record: "943 476 5919|1970-05-06|1|LS6 2QB|3|white", msg: "nhs:9434765919",
			values: []any{int64(1970), "M", "E01011264", "3", "white"}},
		{name: "lookup normalised both sides", record: "9434765919|1970-05-06|F|LS169QX||asian", msg: "nhs:9434765919",
			values: []any{int64(1970), "F", "E01011623", nil, "asian"}},
		{name: "empty sex recoded", record: "943-476-5919|2025-06-30||ls1 1aa|10|other", msg: "nhs:9434765919",
			values: []any{int64(2025), "U", "E01011264", "10", "other"}},

		{name: "checksum", record: "1234567890|1970-05-06|1|LS6 2QB|3|white",
			reject: Reject{Column: "nhs", Reason: ReasonIdentifierInvalid}},
		{name: "too short", record: "123456789|1970-05-06|1|LS6 2QB|3|white",
			reject: Reject{Column: "nhs", Reason: ReasonIdentifierInvalid}},
		{name: "never issued", record: "0000000000|1970-05-06|1|LS6 2QB|3|white",
			reject: Reject{Column: "nhs", Reason: ReasonIdentifierNever}},
		{name: "test range refused", record: "9990000018|1970-05-06|1|LS6 2QB|3|white",
			reject: Reject{Column: "nhs", Reason: ReasonIdentifierSynthetic}},
		{name: "sex not a value", record: "9434765919|1970-05-06|X|LS6 2QB|3|white",
			reject: Reject{Column: "sex", Reason: ReasonCodeUnknown}},
		{name: "postcode not in the lookup", record: "9434765919|1970-05-06|1|LS7 1AA|3|white",
			reject: Reject{Column: "postcode", Reason: ReasonPostcodeUnknown}},
		{name: "decile out of range", record: "9434765919|1970-05-06|1|LS6 2QB|11|white",
			reject: Reject{Column: "decile", Reason: ReasonCodeUnknown}},
		{name: "ethnicity required", record: "9434765919|1970-05-06|1|LS6 2QB|3|",
			reject: Reject{Column: "ethnicity", Reason: ReasonRequired}},
		{name: "ethnicity not UTF-8", record: "9434765919|1970-05-06|1|LS6 2QB|3|wh\xffite",
			reject: Reject{Column: "ethnicity", Reason: ReasonCodeUnknown}},
	}
	runTransformCases(t, m, header, tests)

	allow := strings.Replace(patientsMapping, "{type: nhs}", "{type: nhs, synthetic: allow}", 1)
	runTransformCases(t, mustLoad(t, "m.yaml", allow, "lookups/pc.csv", pcLookup), header, []transformCase{
		{name: "test range allowed", record: "9990000018|1970-05-06|1|LS6 2QB|3|white", msg: "nhs:9990000018",
			values: []any{int64(1970), "M", "E01011264", "3", "white"}},
	})
}

func TestBind(t *testing.T) {
	t.Parallel()
	m := mustLoad(t, "m.yaml", visitsMapping)
	tests := []struct {
		name, header, want string
	}{
		{"missing", "hospital_no|seen|born|postcode|bmi|visits|smoker",
			`header does not match mapping test_visits: it has no column "surname"`},
		{"unexpected, not named", "hospital_no|seen|born|postcode|bmi|visits|smoker|surname|9434765919|Smith",
			"header does not match mapping test_visits: columns 9, 10 are not in the mapping (names not shown, in case the first line is data; map or drop them)"},
		{"repeated", "hospital_no|seen|born|postcode|bmi|visits|smoker|surname|seen",
			"header does not match mapping test_visits: column 9 repeats an earlier column's name"},
		{"case differs", "Hospital_No|seen|born|postcode|bmi|visits|smoker|surname",
			`header does not match mapping test_visits: it has no column "hospital_no"; column 1 is not in the mapping (names not shown, in case the first line is data; map or drop them)`},
	}
	for _, tt := range tests {
		_, err := m.Bind(strings.Split(tt.header, "|"), loadDate)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: Bind error = %v\nwant %s", tt.name, err, tt.want)
		}
	}
}
