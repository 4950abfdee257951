package mapping

import (
	"fmt"
	"strings"
	"testing"
)

// TestMemo transforms more distinct rows than a Transformer remembers, then
// the first of them again, and expects the same values every time.
func TestMemo(t *testing.T) {
	t.Parallel()
	m := mustLoad(t, "m.yaml", visitsMapping)
	tr, err := m.Bind(strings.Split("surname|smoker|visits|bmi|postcode|born|seen|hospital_no", "|"), loadDate)
	if err != nil {
		t.Fatal(err)
	}
	record := func(i int) []string {
		seen := day(2010, 1, 1).AddDate(0, 0, i).Format("2006-01-02T15:04:05Z07:00")
		postcode := fmt.Sprintf("%c%c%d 1AA", 'A'+i%26, 'A'+i/26%26, i%10)
		return []string{"x", "Y", "1", "", postcode, "01/01/1990", seen, "RR8-1"}
	}
	first := map[int]string{}
	for pass := range 2 {
		for i := range memoLimit + 100 {
			if pass == 1 && i > 200 {
				break
			}
			res, rej := tr.Transform(record(i))
			if rej != nil {
				t.Fatalf("row %d: %v", i, rej)
			}
			got := fmt.Sprint(res.Values...)
			if pass == 0 {
				first[i] = got
			} else if got != first[i] {
				t.Errorf("row %d again: %s, first %s", i, got, first[i])
			}
		}
	}
	for _, b := range tr.cols {
		if len(b.memo) > memoLimit {
			t.Errorf("column %s remembers %d values, over %d", b.col.source, len(b.memo), memoLimit)
		}
	}
}
