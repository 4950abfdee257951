package disclosure_test

import (
	"context"
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
	res, err := disclosure.Apply(context.Background(), table, rules, disclosure.Options{})
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
	_, err := disclosure.Apply(context.Background(), table, disclosure.DefaultRules(), disclosure.Options{})
	var leak *disclosure.LeakError
	if errors.As(err, &leak) {
		fmt.Println(leak.Rule, "in", leak.Where)
	}
	// Output:
	// leak.nhs_number in cell 0 key 0
}

func ExampleDefaultMagnitude() {
	// Cost by ward. For each measure the query engine supplies the largest
	// contributions (two, for these rules) and the sum of their absolute values.
	cost := func(sum float64, people int64, top ...float64) []disclosure.Aggregate {
		return []disclosure.Aggregate{{Value: sum, People: people, Top: top, AbsSum: sum}}
	}
	table := disclosure.Table{
		Dimensions: []string{"ward"},
		Measures:   []disclosure.Measure{{Name: "sum(cost)", Kind: disclosure.KindSum}},
		Cells: []disclosure.Cell{
			{Keys: []disclosure.Key{{Value: "A"}}, People: 15, Measures: cost(4_014_000, 15, 4_000_000, 1_000)},
			{Keys: []disclosure.Key{{Value: "B"}}, People: 20, Measures: cost(300_000, 20, 40_000, 30_000)},
		},
	}
	rules := disclosure.DefaultRules()
	rules.Magnitude = disclosure.DefaultMagnitude()
	fmt.Println("contributions needed:", rules.TopNeeded())
	res, err := disclosure.Apply(context.Background(), table, rules, disclosure.Options{})
	if err != nil {
		panic(err)
	}
	for _, c := range res.Cells {
		out, _ := json.Marshal(c)
		fmt.Println(string(out))
	}
	// Output:
	// contributions needed: 2
	// {"keys":["A"],"people":15,"measures":[{"suppressed":"dominance"}]}
	// {"keys":["B"],"people":20,"measures":[{"value":300000}]}
}

func ExamplePerturbation_Adjustment() {
	p := disclosure.PerturbationTable()
	var hundred []int64
	for _, key := range []uint8{0, 20, 64, 192, 236} {
		hundred = append(hundred, 100+p.Adjustment(100, key))
	}
	fmt.Println("100 with keys 0, 20, 64, 192, 236:", hundred)
	fmt.Println("1 with keys 0 and 255:", 1+p.Adjustment(1, 0), 1+p.Adjustment(1, 255))
	// Output:
	// 100 with keys 0, 20, 64, 192, 236: [98 99 100 101 102]
	// 1 with keys 0 and 255: 3 3
}
