package catalogue

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/research-enclave/enclave/pseudonym"
)

func TestAccepts(t *testing.T) {
	t.Parallel()
	prod, _ := pseudonym.PseudonymFromSum(make([]byte, 32), false)
	dev, _ := pseudonym.PseudonymFromSum([]byte(strings.Repeat("\xab", 32)), true)

	ae := loadTwo(t).byName["ae_attendances"]
	col := func(name string) Column {
		c, ok := ae.Column(name)
		if !ok {
			t.Fatalf("no column %s", name)
		}
		return *c
	}
	codeBoth := Column{Name: "stage", Type: TypeCode, Values: []string{"1", "3a", "9"}, Pattern: "[0-5][ab]?"}
	tests := []struct {
		col  Column
		v    string
		want Reason // "" when accepted
	}{
		{col("pid"), prod.String(), ""},
		{col("pid"), dev.String(), ""},
		{col("pid"), "p1." + strings.Repeat("AB", 32), ReasonPseudonym},
		{col("pid"), "p2." + strings.Repeat("ab", 32), ReasonPseudonym},
		{col("pid"), "9434765919", ReasonPseudonym}, // an NHS number is not a pseudonym

		{col("arrival_date"), "2024-02-29", ""},
		{col("arrival_date"), "2023-12-31", ""},
		{col("arrival_date"), "2023-02-29", ReasonDate},
		{col("arrival_date"), "2024-04-31", ReasonDate},
		{col("arrival_date"), "2024-13-01", ReasonDate},
		{col("arrival_date"), "2024-1-05", ReasonDate},
		{col("arrival_date"), "05/01/2024", ReasonDate},
		{col("arrival_date"), "2024-01-05T10:00:00Z", ReasonDate},

		{col("wait_minutes"), "0", ""},
		{col("wait_minutes"), "-15", ""},
		{col("wait_minutes"), "9223372036854775807", ""},
		{col("wait_minutes"), "9223372036854775808", ReasonInteger},
		{col("wait_minutes"), "12.5", ReasonInteger},
		{col("wait_minutes"), "1_000", ReasonInteger},
		{col("wait_minutes"), "0x1F", ReasonInteger},
		{col("wait_minutes"), " 42", ReasonInteger},

		{Column{Name: "bmi", Type: TypeNumber}, "27.4", ""},
		{Column{Name: "bmi", Type: TypeNumber}, "-0.5", ""},
		{Column{Name: "bmi", Type: TypeNumber}, "1e3", ""},
		{Column{Name: "bmi", Type: TypeNumber}, ".5", ""},
		{Column{Name: "bmi", Type: TypeNumber}, "31", ""},
		{Column{Name: "bmi", Type: TypeNumber}, "NaN", ReasonNumber},
		{Column{Name: "bmi", Type: TypeNumber}, "Inf", ReasonNumber},
		{Column{Name: "bmi", Type: TypeNumber}, "1e999", ReasonNumber},
		{Column{Name: "bmi", Type: TypeNumber}, "0x1p-2", ReasonNumber},
		{Column{Name: "bmi", Type: TypeNumber}, "27,4", ReasonNumber},

		{col("alcohol_related"), "true", ""},
		{col("alcohol_related"), "false", ""},
		{col("alcohol_related"), "TRUE", ReasonBoolean},
		{col("alcohol_related"), "yes", ReasonBoolean},
		{col("alcohol_related"), "1", ReasonBoolean},

		{col("age_band"), "5-9", ""},
		{col("age_band"), "5-10", ReasonValues},
		{col("diagnosis_code"), "J45", ""},
		{col("diagnosis_code"), "J45.9", ""},
		{col("diagnosis_code"), "J45.99", ReasonPattern},
		{col("diagnosis_code"), "xJ45", ReasonPattern},
		{codeBoth, "3a", ""},
		{codeBoth, "9", ReasonPattern},
		{codeBoth, "4", ReasonValues},
		{Column{Name: "loaded_later", Type: TypeCode, Pattern: "[A-Z]{3}"}, "ABC", ""}, // compiled on use
		{Column{Name: "loaded_later", Type: TypeCode, Pattern: "[A-Z]{3}"}, "ABCD", ReasonPattern},
		{Column{Name: "broken", Type: TypeCode, Pattern: "[A-Z"}, "ABC", ReasonPattern},

		{col("free_text"), "Fell off a ladder, 55yo", ""},
		{col("free_text"), "bad \xff byte", ReasonEncoding},
		{col("free_text"), "", ReasonEmpty},
		{Column{Name: "odd", Type: "string"}, "anything", ReasonType},
	}
	for _, tt := range tests {
		err := tt.col.Accepts(tt.v)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s.Accepts(%q) = %v, want nil", tt.col.Name, tt.v, err)
			}
			continue
		}
		var ve *ValueError
		if !errors.As(err, &ve) || ve.Reason != tt.want || ve.Column != tt.col.Name || ve.Code() != string(tt.want) {
			t.Errorf("%s.Accepts(%q) = %#v, want a *ValueError with reason %s", tt.col.Name, tt.v, err, tt.want)
			continue
		}
		if tt.v != "" && strings.Contains(err.Error(), tt.v) {
			t.Errorf("%s.Accepts(%q) error %q contains the value", tt.col.Name, tt.v, err)
		}
	}
}

// TestAcceptsNeverEchoes feeds values that look like identifiers to every
// type of column and checks that no error message carries them.
func TestAcceptsNeverEchoes(t *testing.T) {
	t.Parallel()
	c, err := Load(fstest.MapFS{"ae_attendances.yaml": file(aeFile)})
	if err != nil {
		t.Fatal(err)
	}
	ae, _ := c.Dataset("ae_attendances")
	for _, col := range ae.Columns {
		for _, v := range []string{"9434765919", "943 476 5919", "LS1 4AP", "1985-03-14x", "Jane Smith"} {
			if err := col.Accepts(v); err != nil && strings.Contains(err.Error(), v) {
				t.Errorf("%s: error %q contains the value", col.Name, err)
			}
		}
	}
}

func TestValueErrorText(t *testing.T) {
	t.Parallel()
	err := (&ValueError{Column: "arrival_date", Reason: ReasonDate}).Error()
	if want := "column arrival_date: value is not a calendar date in the form YYYY-MM-DD"; err != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
}
