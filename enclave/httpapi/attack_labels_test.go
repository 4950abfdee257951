package httpapi

import (
	"fmt"
	"strings"
	"testing"
)

// TestHiddenCellsShowNoLabels (finding 1: labels are data): a researcher
// narrows a question to one person, known to them by year of birth, sex
// and area, and breaks it down by what they want to learn: the dates of
// their A&E visits, the waits, the diagnoses, all at once, in SQL and as
// JSON, and over two areas at once. Every cell is hidden, and no hidden cell
// shows a label: a date, a wait or a diagnosis exists in the answer only
// where enough people have it. The answers about two different people are
// the same, byte for byte, so they say nothing about either. A group of
// twelve with the same visit shows its labels, so the check can see them.
func TestHiddenCellsShowNoLabels(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.wideProject(t, "s251_standard")
	q.plantPerson(t, 1954, "M", "E01099999",
		visit{date: "2023-02-14", wait: 137, diag: "K35.8"},
		visit{date: "2023-05-03", wait: 288, diag: "S72.0"},
		visit{date: "2023-09-21", wait: 64, diag: "T40.1"})
	q.plantPerson(t, 1961, "F", "E01099998",
		visit{date: "2024-11-30", wait: 500, diag: "J45"})
	q.plantMany(t, 12, 1970, "F", "E01099997", visit{date: "2023-07-15", wait: 100, diag: "R07.4"})
	// What is data-driven about the two people: dates and diagnoses. Their
	// waits fall in declared bins, which every answer shows.
	secret := []string{"2023-02", "2023-05", "2023-09", "2023-02-14", "2023-05-03", "2023-09-21", "K35.8", "S72.0", "T40.1",
		"E01099999", "2024-11", "J45", "E01099998"}
	control := map[string]string{"arrival_date": "2023-07", "diagnosis_code": "R07.4", "wait_minutes": "60-119"}
	who := map[string]string{
		"the first person":  "sex = 'M' AND year_of_birth = 1954 AND lsoa_code = 'E01099999'",
		"the second person": "sex = 'F' AND year_of_birth = 1961 AND lsoa_code = 'E01099998'",
		"the group":         "sex = 'F' AND year_of_birth = 1970 AND lsoa_code = 'E01099997'",
	}
	for _, breakdown := range []string{"arrival_date", "wait_minutes", "diagnosis_code", "arrival_date, wait_minutes, diagnosis_code"} {
		sql := "SELECT " + breakdown + ", COUNT(DISTINCT person), COUNT(ae_attendances.*) FROM ae_attendances JOIN patients USING (person) WHERE %s GROUP BY " + breakdown
		answers := map[string]string{}
		for name, where := range who {
			a := q.answerTo(t, project, fmt.Sprintf(sql, where))
			shown := labels(a.Result)
			for l := range shown {
				if strings.Contains(breakdown, "arrival_date") && strings.Count(l, "-") == 2 {
					t.Errorf("%s by %s: a day-level date %q is a label", name, breakdown, l)
				}
			}
			if name == "the group" {
				for column, l := range control {
					if strings.Contains(breakdown, column) && shown[l] == nil {
						t.Errorf("the group of 12 by %s: label %q is not shown, so this test could not see a leaked one", breakdown, l)
					}
				}
				continue
			}
			for _, s := range secret {
				if len(shown[s]) > 0 {
					t.Errorf("%s by %s: label %q shown on %+v", name, breakdown, s, shown[s])
				}
			}
			answers[name] = cellsJSON(t, a.Result)
		}
		if answers["the first person"] != answers["the second person"] {
			t.Errorf("by %s, the answers about two people differ, so they tell something of each:\n%s\n%s",
				breakdown, answers["the first person"], answers["the second person"])
		}
	}

	// The whole breakdown that exported microdata before: every
	// combination of area, year of birth, sex and wait, over two areas,
	// asked as JSON. The areas are listed, so both are labels whether
	// anyone lives there or not: the answer over the first person's area
	// is the answer over an area where no one lives, but for its name.
	over := func(area string) string {
		a := q.answerTo(t, project, `{"datasets":["patients","ae_attendances"],"measures":[{"kind":"count_people"}],
			"group_by":["patients.lsoa_code","patients.year_of_birth","patients.sex","ae_attendances.wait_minutes"],
			"filters":[{"column":"patients.lsoa_code","op":"in","values":["`+area+`","E01099997"]}]}`)
		shown := labels(a.Result)
		if len(shown["K35.8"]) > 0 {
			t.Errorf("over two areas: the first person's diagnosis is a label of %+v", shown["K35.8"])
		}
		if len(shown["E01099997"]) == 0 {
			t.Errorf("over two areas: the group's area is not shown, so this test could not see the other")
		}
		return strings.ReplaceAll(cellsJSON(t, a.Result), area, "the area")
	}
	if lived, empty := over("E01099999"), over("E01999999"); lived != empty {
		t.Errorf("over two areas, the answer tells the first person's area from an empty one:\n%s\n%s", lived, empty)
	}
}
