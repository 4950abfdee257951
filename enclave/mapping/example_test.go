package mapping_test

import (
	"fmt"
	"testing/fstest"
	"time"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/mapping"
)

func ExampleMapping_Bind() {
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		panic(err)
	}
	files := fstest.MapFS{"screening.mapping.yaml": {Data: []byte(`
mapping: bso_extract
version: 1
dataset: breast_screening
columns:
  - {source: NHS_NO, identifier: {type: nhs, synthetic: allow}}
  - {source: SCREEN_DT, target: screening_date, date: {layout: "02/01/2006", coarsen: none}}
  - {source: OUTCOME, target: result, recode: {N: normal, TR: technical_recall, A: assessment, C: cancer_detected}}
  - {source: RISK, target: risk_category}
  - {source: SURNAME, drop: true}
`)}}
	m, err := mapping.Load(files, "screening.mapping.yaml", cat)
	if err != nil {
		panic(err)
	}
	tr, err := m.Bind([]string{"NHS_NO", "SURNAME", "SCREEN_DT", "OUTCOME", "RISK"}, time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Person(), m.Columns())
	res, _ := tr.Transform([]string{"999 000 0018", "Smith", "07/03/2024", "N", "population"})
	fmt.Println(res.Person, res.Values[0].(time.Time).Format(time.DateOnly), res.Values[1:])
	_, rej := tr.Transform([]string{"999 000 0019", "Smith", "07/03/2024", "N", "population"})
	fmt.Println(rej)
	// Output:
	// pid [screening_date result risk_category]
	// [nhs identifier] 2024-03-07 [normal population]
	// column NHS_NO: identifier is not valid (identifier.invalid)
}
