package disclosure_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/research-enclave/enclave/enclave/disclosure"
)

func Example() {
	// People by IMD quintile, from the query engine; WithMargins adds the total.
	table := disclosure.Table{Dimensions: []string{"imd_quintile"}, Additive: true}
	for q, people := range []int64{55, 4, 30, 18, 21} {
		table.Cells = append(table.Cells, disclosure.Cell{
			Keys: []disclosure.Key{{Value: fmt.Sprint(q + 1)}}, People: people,
		})
	}
	table, err := disclosure.WithMargins(table)
	if err != nil {
		panic(err)
	}
	rules := disclosure.DefaultRules()
	rules.Totals = disclosure.TotalsIndependent
	res, err := disclosure.Apply(table, rules)
	if err != nil {
		panic(err)
	}
	for _, c := range res.Cells {
		out, _ := json.Marshal(c)
		fmt.Println(string(out))
	}
	fmt.Println("suppressed:", res.Suppressed)
	// Output:
	// {"keys":["1"],"people":55}
	// {"keys":["2"],"suppressed":"primary"}
	// {"keys":["3"],"people":30}
	// {"keys":["4"],"suppressed":"secondary"}
	// {"keys":["5"],"people":20}
	// {"keys":[null],"people":130}
	// suppressed: map[primary:1 secondary:1 totals_suppressed:0]
}

func ExampleLeakError() {
	table := disclosure.Table{
		Dimensions: []string{"nhs_number"},
		Cells:      []disclosure.Cell{{Keys: []disclosure.Key{{Value: "9434765919"}}, People: 12}},
	}
	_, err := disclosure.Apply(table, disclosure.DefaultRules())
	var leak *disclosure.LeakError
	if errors.As(err, &leak) {
		fmt.Println(leak.Rule, "in", leak.Where)
	}
	// Output:
	// leak.nhs_number in cell 0 key 0
}
