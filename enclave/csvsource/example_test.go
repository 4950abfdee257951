package csvsource_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/research-enclave/enclave/enclave/csvsource"
)

func ExampleOpen() {
	input := "nhs_number,event_date\n9990000018,2024-01-02\n9990000026\n\"unclosed,2024-01-03\n"
	r, err := csvsource.Open(strings.NewReader(input), csvsource.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Header())
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			panic(err) // damaged input: abandon the whole load
		}
		if rec.Reject != nil {
			fmt.Println("rejected:", rec.Reject.Line, rec.Reject.Reason)
			continue
		}
		fmt.Println("record on line", rec.Line, "with", len(rec.Fields), "fields")
	}
	// Output:
	// [nhs_number event_date]
	// record on line 2 with 2 fields
	// rejected: 3 columns.count
	// rejected: 4 csv.syntax
}
