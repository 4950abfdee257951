package pseudonym_test

import (
	"context"
	"fmt"

	"github.com/research-enclave/enclave/pseudonym"
)

func ExampleParseNHSNumber() {
	for _, s := range []string{"999 000 0018", "999 123 4560", "999-000-0018 ", "999 000-0018"} {
		n, err := pseudonym.ParseNHSNumber(s)
		if err != nil {
			// Report the reason only: the error never contains the input.
			fmt.Println("rejected:", pseudonym.Reason(err))
			continue
		}
		fmt.Println("accepted:", n, "synthetic:", n.Synthetic())
	}
	// Output:
	// accepted: [NHS number] synthetic: true
	// rejected: nhs.checksum
	// accepted: [NHS number] synthetic: true
	// rejected: nhs.format
}

func ExampleLocalPseudonymiser() {
	material := []byte("demo key material: never use this one in production")
	key, err := pseudonym.NewDevKey(material, 1)
	if err != nil {
		panic(err)
	}
	n, _ := pseudonym.ParseNHSNumber("9990000018")
	hospital, _ := pseudonym.Local("leeds-pas", "H123456")
	var src pseudonym.Pseudonymiser = pseudonym.LocalPseudonymiser{Key: key}
	pids, err := src.Pseudonymise(context.Background(), []pseudonym.Identifier{pseudonym.NHS(n), hospital})
	if err != nil {
		panic(err)
	}
	fmt.Println(key, src.KeyVersion(), src.Dev())
	for _, p := range pids {
		fmt.Println(p.String()[:13] + "...")
	}
	// Output:
	// [dev key v1] 1 true
	// dev1.7201ecb4...
	// dev1.ac327c2b...
}

func ExampleKey_ProjectPseudonym() {
	linkKey, _ := pseudonym.NewKey([]byte("linkage key material, thirty-two bytes or more"), 2)
	projectRoot, _ := pseudonym.NewKey([]byte("project root key material, also long enough"), 1)
	n, _ := pseudonym.ParseNHSNumber("9990000018")
	pid := linkKey.Pseudonymise(pseudonym.NHS(n))
	a, _ := projectRoot.ProjectPseudonym("PRJ-A", pid)
	b, _ := projectRoot.ProjectPseudonym("PRJ-B", pid)
	fmt.Println("projects can link:", a == b)
	// Output:
	// projects can link: false
}
