package synth_test

import (
	"context"
	"fmt"
	"os"

	"github.com/research-enclave/enclave/internal/synth"
)

func ExampleGenerate() {
	dir, err := os.MkdirTemp("", "synth")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	sum, err := synth.Generate(context.Background(), dir, synth.Options{People: 100, Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Println(sum.People, sum.Rows["patients.csv"], "people")
	// Output: 100 100 people
}
