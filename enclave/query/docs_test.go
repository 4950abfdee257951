package query

import (
	"os"
	"regexp"
	"testing"
)

// TestDocExamples keeps docs/queries.md honest: every ```sql and ```json
// block in it is a query that parses and validates against the demo
// catalogue.
func TestDocExamples(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/queries.md")
	if err != nil {
		t.Fatalf("read the query documentation: %v", err)
	}
	blocks := regexp.MustCompile("(?s)```(sql|json)\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	if len(blocks) < 6 {
		t.Fatalf("found %d examples in docs/queries.md, want at least 6", len(blocks))
	}
	for _, b := range blocks {
		var q Query
		if b[1] == "sql" {
			q = parsed(t, b[2])
		} else {
			q = decode(t, b[2])
		}
		if _, err := Validate(q, demoCatalogue(t), Limits{}); err != nil {
			t.Errorf("docs/queries.md example\n%s\ndoes not validate: %v", b[2], err)
		}
	}
}
