package catalogue

import "testing"

func TestStrictest(t *testing.T) {
	t.Parallel()
	ds := func(threshold, rounding int) *Dataset {
		return &Dataset{Disclosure: Disclosure{Threshold: threshold, Rounding: rounding}}
	}
	tests := []struct {
		name string
		in   []*Dataset
		want Disclosure
	}{
		{"none", nil, Disclosure{}},
		{"one", []*Dataset{ds(10, 5)}, Disclosure{Threshold: 10, Rounding: 5}},
		{"same", []*Dataset{ds(10, 5), ds(10, 5)}, Disclosure{Threshold: 10, Rounding: 5}},
		{"higher threshold wins", []*Dataset{ds(10, 5), ds(15, 5)}, Disclosure{Threshold: 15, Rounding: 5}},
		{"larger base wins", []*Dataset{ds(10, 10), ds(10, 5)}, Disclosure{Threshold: 10, Rounding: 10}},
		{"each from a different dataset", []*Dataset{ds(20, 1), ds(7, 10), ds(10, 5)}, Disclosure{Threshold: 20, Rounding: 10}},
		{"nil skipped", []*Dataset{nil, ds(8, 5), nil}, Disclosure{Threshold: 8, Rounding: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Strictest(tt.in...); got != tt.want {
				t.Errorf("Strictest() = %+v, want %+v", got, tt.want)
			}
		})
	}
}
