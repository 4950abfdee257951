package mapping

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// FuzzTransform checks that Bind and Transform never panic, that an
// accepted row has values of the target columns' types, that only a when:
// condition skips a row, and that header errors and rejects are built only
// from the mapping's own names, positions and reason codes: they have no
// room for a value from the file.
func FuzzTransform(f *testing.F) {
	const visitsHeader = "surname|smoker|visits|bmi|postcode|born|seen|hospital_no"
	const patientsHeader = "nhs|dob|sex|postcode|decile|ethnicity"
	const observationsHeader = "TYPE|VALUE|CATEGORY|AGE|PATIENT"
	for _, s := range []struct {
		mapping        uint8 // an index in mappings
		header, record string
	}{
		{0, visitsHeader, "Smith|Y|3|27.4|ls6 2qb|02/01/1980|2024-03-07T10:15:00Z|RR8-123"},
		{0, visitsHeader, "x|N|1|1e1|W1A 1AA|05/01/2007|2025-01-04T00:00:00Z|RR8-123"},
		{0, visitsHeader + "|9434765919", "x|Y|3"},
		{1, patientsHeader, "943 476 5919|1970-05-06|1|LS6 2QB|3|white"},
		{1, patientsHeader, "9990000018|1970-02-29||ls1 1aa||other"},
		{2, observationsHeader, "numeric|27.4|vital-signs|42|p1"},
		{2, observationsHeader, "numeric|27.4|exam|131|p1"},
		{2, observationsHeader, "text|Never smoked|survey|-1|"},
		{2, observationsHeader, "numeric|1e1|laboratory||p1"},
	} {
		f.Add(s.mapping, s.header, s.record)
	}
	cat := testCatalogue(f)
	mappings := []*Mapping{
		mustLoad(f, "m.yaml", visitsMapping),
		mustLoad(f, "m.yaml", patientsMapping, "lookups/pc.csv", pcLookup),
		mustLoad(f, "m.yaml", observationsMapping),
	}
	f.Fuzz(func(t *testing.T, which uint8, header, record string) {
		m := mappings[int(which)%len(mappings)]
		tr, err := m.Bind(strings.Split(header, "|"), time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC))
		if err != nil {
			var he *HeaderError
			if !errors.As(err, &he) || he.Mapping != m.name {
				t.Fatalf("Bind error %T %v", err, err)
			}
			for _, name := range he.Missing {
				if !isSource(m, name) {
					t.Fatalf("header error names %q, not a source column of the mapping", name)
				}
			}
			return
		}
		res, rej := tr.Transform(strings.Split(record, "|"))
		if rej != nil {
			if rej.Column != "" && !isSource(m, rej.Column) || rej.Reason.text() == "value is refused" {
				t.Fatalf("reject %+v names no source column or no known reason", rej)
			}
			if rej.Skip != (rej.Reason == ReasonCondition) || rej.Skip && !isCondition(m, rej.Column) {
				t.Fatalf("reject %+v: only a when: condition skips a row", rej)
			}
			return
		}
		if res.Person.IsZero() {
			t.Fatal("accepted row without an identifier")
		}
		ds, _ := cat.Dataset(m.Dataset())
		for i, name := range m.Columns() {
			col, _ := ds.Column(name)
			checkType(t, name, col.Type, res.Values[i])
		}
	})
}

// isSource reports whether name is a source column the mapping names.
func isSource(m *Mapping, name string) bool {
	if name == m.id.source || slices.Contains(m.drops, name) {
		return true
	}
	return slices.ContainsFunc(m.columns, func(c *column) bool { return c.source == name })
}

// isCondition reports whether name is a column of one of the mapping's
// when: conditions.
func isCondition(m *Mapping, name string) bool {
	return slices.ContainsFunc(m.when, func(c *condition) bool { return c.source == name })
}

func checkType(t *testing.T, name string, typ catalogue.Type, v any) {
	t.Helper()
	ok := false
	switch v := v.(type) {
	case nil:
		ok = true
	case int64:
		ok = typ == catalogue.TypeInteger
	case float64:
		ok = typ == catalogue.TypeNumber
	case bool:
		ok = typ == catalogue.TypeBoolean
	case time.Time:
		ok = typ == catalogue.TypeDate && v.Location() == time.UTC && v.Hour() == 0
	case string:
		ok = (typ == catalogue.TypeCode || typ == catalogue.TypeText) && utf8.ValidString(v) && !strings.Contains(v, "\x00")
	}
	if !ok {
		t.Fatalf("column %s (%s) holds %T %#v", name, typ, v, v)
	}
}
