package query

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
)

// demo loads the demo catalogue once.
var demo = sync.OnceValues(func() (*catalogue.Catalogue, error) { return catalogue.Load(democatalogue.FS) })

func demoCatalogue(t testing.TB) *catalogue.Catalogue {
	t.Helper()
	cat, err := demo()
	if err != nil {
		t.Fatalf("load the demo catalogue: %v", err)
	}
	return cat
}

// decode reads a JSON body as the API does: unknown fields refused.
func decode(t testing.TB, body string) Query {
	t.Helper()
	var q Query
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&q); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return q
}

// validated validates q against the demo catalogue with the default limits.
func validated(t testing.TB, q Query) Query {
	t.Helper()
	v, err := Validate(q, demoCatalogue(t), Limits{})
	if err != nil {
		t.Fatalf("Validate(%s): %v", CanonicalJSON(q), err)
	}
	return v
}

// parsed parses a statement that must be accepted.
func parsed(t testing.TB, sql string) Query {
	t.Helper()
	q, err := Parse(sql)
	if err != nil {
		t.Fatalf("Parse(%q): %v", sql, err)
	}
	return q
}

// show writes q as JSON in its own order, for a test failure message.
func show(q Query) string {
	b, _ := json.Marshal(q)
	return string(b)
}
