package optout_test

import (
	"fmt"
	"strings"

	"github.com/research-enclave/enclave/enclave/optout"
)

func ExampleParser() {
	file := "nhs_number\r\n9990000018,\r\n\r\n9434765918\r\n9990000026\r\n"
	p := optout.NewParser(strings.NewReader(file), optout.Options{AllowSynthetic: true})
	valid := 0
	for p.Next() {
		valid++ // pseudonymise p.Number() here; never print or store it
	}
	if err := p.Err(); err != nil {
		fmt.Println("refused:", err)
		return
	}
	sum := p.Summary()
	fmt.Printf("%d lines: header %v, %d blank, %d valid, %d invalid %v\n",
		sum.Lines, sum.Header, sum.Blank, valid, sum.Invalid, sum.InvalidLines)
	// Output: 5 lines: header true, 1 blank, 2 valid, 1 invalid [{4 nhs.checksum}]
}
