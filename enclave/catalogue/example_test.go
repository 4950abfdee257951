package catalogue_test

import (
	"errors"
	"fmt"
	"testing/fstest"
	"time"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

func Example() {
	files := fstest.MapFS{
		"ae_attendances.yaml": {Data: []byte(`dataset: ae_attendances
version: 3
title: A&E attendances
sensitivity: standard
person: pid
disclosure: {threshold: 10, rounding: 5}
columns:
  - {name: pid, type: pseudonym, role: identifier}
  - {name: arrival_date, type: date, role: dimension}
  - {name: wait_minutes, type: integer, role: measure, unit: minutes}
`)},
		"social_care.yaml": {Data: []byte(`dataset: social_care
version: 1
title: Adult social care
sensitivity: sensitive
person: pid
disclosure: {threshold: 10, rounding: 10}
columns:
  - {name: pid, type: pseudonym, role: identifier}
  - {name: weekly_cost, type: number, role: measure, unit: GBP}
`)},
	}
	cat, err := catalogue.Load(files)
	if err != nil {
		fmt.Println(err)
		return
	}
	ae, _ := cat.Dataset("ae_attendances")
	sc, _ := cat.Dataset("social_care")
	for _, c := range ae.Columns {
		fmt.Printf("%s %s %s outputtable=%v\n", c.Name, c.Type, c.Role, c.Outputtable())
	}
	joined := catalogue.Strictest(ae, sc)
	fmt.Printf("joined: threshold %d, rounding %d\n", joined.Threshold, joined.Rounding)

	wait, _ := ae.Column("wait_minutes")
	fmt.Println(wait.Accepts("45"))
	fmt.Println(wait.Accepts("45 mins"))

	// A file with mistakes: every problem is reported, with its line.
	files["social_care.yaml"] = &fstest.MapFile{Data: []byte(`dataset: social_care
version: 1
title: Adult social care
sensitivity: secret
person: pid
disclosure: {threshold: 0, rounding: 10}
columns:
  - {name: pid, type: pseudonym, role: identifier}
  - {name: weekly_cost, type: number, role: measure, units: GBP}
`)}
	_, err = catalogue.Load(files)
	var e *catalogue.Error
	fmt.Println(errors.As(err, &e), len(e.Problems))
	fmt.Println(err)
	// Output:
	// pid pseudonym identifier outputtable=false
	// arrival_date date dimension outputtable=true
	// wait_minutes integer measure outputtable=true
	// joined: threshold 10, rounding 10
	// <nil>
	// column wait_minutes: value is not a whole number
	// true 3
	// social_care.yaml:4: sensitivity: "secret" is not one of standard, sensitive
	// social_care.yaml:6: disclosure.threshold: must be between 1 and 1000
	// social_care.yaml:9: columns[1]: unknown key "units" (did you mean "unit"?)
}

func ExampleColumn_Labels() {
	cat, err := catalogue.Load(fstest.MapFS{"gp_events.yaml": {Data: []byte(`dataset: gp_events
version: 1
title: GP events
sensitivity: standard
person: pid
disclosure: {threshold: 10, rounding: 5}
columns:
  - {name: pid, type: pseudonym, role: identifier}
  - {name: event_date, type: date, role: dimension, granularity: week}
  - {name: egfr, type: number, role: measure, bins: [15, 30, 45, 60, 90]}
  - {name: age, type: integer, role: quasi_identifier, bins: [18, 65]}
`)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	d, _ := cat.Dataset("gp_events")
	for _, c := range d.Columns {
		fmt.Println(c.Name, c.GroupBy(), c.Labels())
	}
	day, _ := time.Parse(time.DateOnly, "2021-01-03")
	fmt.Println(catalogue.GranularityWeek.Label(day))
	// Output:
	// pid none []
	// event_date week []
	// egfr bins [<15 15-<30 30-<45 45-<60 60-<90 90+]
	// age bins [<18 18-64 65+]
	// 2020-W53
}
