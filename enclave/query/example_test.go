package query_test

import (
	"encoding/json"
	"fmt"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/query"
)

func Example() {
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	q, err := query.Parse(`
		SELECT age_band, sex, COUNT(DISTINCT person)
		FROM ae_attendances JOIN patients USING (person)
		WHERE alcohol_related AND arrival_date BETWEEN '2023-01-01' AND '2023-12-31'
		GROUP BY age_band, sex`)
	if err != nil {
		fmt.Println(err)
		return
	}
	q, err = query.Validate(q, cat, query.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := json.MarshalIndent(q, "", "  ")
	fmt.Println(string(body))
	fmt.Println(q.Columns())
	// Output:
	// {
	//   "datasets": [
	//     "ae_attendances",
	//     "patients"
	//   ],
	//   "filters": [
	//     {
	//       "column": "ae_attendances.alcohol_related",
	//       "op": "eq",
	//       "values": [
	//         "true"
	//       ]
	//     },
	//     {
	//       "column": "ae_attendances.arrival_date",
	//       "op": "between",
	//       "values": [
	//         "2023-01-01",
	//         "2023-12-31"
	//       ]
	//     }
	//   ],
	//   "group_by": [
	//     "ae_attendances.age_band",
	//     "patients.sex"
	//   ],
	//   "measures": [
	//     {
	//       "kind": "count_people"
	//     }
	//   ]
	// }
	// map[ae_attendances:[age_band alcohol_related arrival_date] patients:[sex]]
}

func ExampleParse_refused() {
	_, err := query.Parse("SELECT sex, COUNT(DISTINCT person)\nFROM patients\nWHERE sex = 'F' OR sex = 'M'\nGROUP BY sex")
	fmt.Println(err)
	// Output:
	// line 3, column 17: OR is not supported: combine conditions with AND, and use IN (...) for several values of one column
	//     WHERE sex = 'F' OR sex = 'M'
	//                     ^
}

func ExampleValidate_refused() {
	cat, _ := catalogue.Load(democatalogue.FS)
	var q query.Query
	_ = json.Unmarshal([]byte(`{"datasets": ["ae_attendances"],
		"measures": [{"kind": "mean", "column": "age_band"}],
		"group_by": ["arrival_date", "free_text"]}`), &q)
	_, err := query.Validate(q, cat, query.Limits{})
	fmt.Println(err)
	// Output:
	// measures[0].column: column ae_attendances.age_band is quasi_identifier, not a measure: mean takes an integer or number column with role measure
	// group_by[1]: column ae_attendances.free_text is never_output and cannot be grouped by
}

func ExampleHash() {
	var fromJSON query.Query
	_ = json.Unmarshal([]byte(`{"datasets": ["patients"], "measures": [{"kind": "count_people"}],
		"filters": [{"column": "patients.sex", "op": "in", "values": ["M", "F"]}]}`), &fromJSON)
	fromSQL, _ := query.Parse("SELECT COUNT(DISTINCT person) FROM patients WHERE sex IN ('F', 'M')")
	fmt.Println(query.Hash(fromJSON) == query.Hash(fromSQL))
	fmt.Println(string(query.CanonicalJSON(fromSQL)))
	// Output:
	// true
	// {"datasets":["patients"],"filters":[{"column":"patients.sex","op":"in","values":["F","M"]}],"measures":[{"kind":"count_people"}]}
}

// Check widens ranges on binned and granular columns to whole bins and
// periods, and says so; Domains lists the labels each group-by column can
// carry.
func ExampleCheck() {
	cat, _ := catalogue.Load(democatalogue.FS)
	q, _ := query.Parse(`SELECT egfr, COUNT(DISTINCT person) FROM gp_events
		WHERE egfr BETWEEN 20 AND 50 AND event_date BETWEEN '2023-01-05' AND '2023-03-17'
		GROUP BY egfr`)
	q, notes, err := query.Check(q, cat, query.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range notes {
		fmt.Println(n.Field + ": " + n.Message)
	}
	for _, f := range q.Filters {
		fmt.Println(f.Column, f.Op, f.Values)
	}
	fmt.Println(query.Domains(q, cat))
	// Output:
	// filters[0]: gp_events.egfr between 20 and 50 snapped to whole bins: from 15 to below 60
	// filters[1]: gp_events.event_date between 2023-01-05 and 2023-03-17 snapped to whole months: 2023-01-01 to 2023-03-31
	// gp_events.egfr gte [15]
	// gp_events.egfr lt [60]
	// gp_events.event_date between [2023-01-01 2023-03-31]
	// [[15-<30 30-<45 45-<60]]
}
