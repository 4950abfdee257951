package answer

import (
	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// minimums are the catalogue's disclosure settings of every dataset q uses,
// for the policy to combine with the project's.
func (s *Service) minimums(q query.Query) map[string]enclave.QueryDisclosure {
	out := map[string]enclave.QueryDisclosure{}
	for ds := range q.Columns() {
		if d, ok := s.Catalogue.Dataset(ds); ok {
			c := d.Disclosure
			out[ds] = enclave.QueryDisclosure{Threshold: c.Threshold, Rounding: c.Rounding, Mode: string(c.Mode),
				DominanceN: c.Dominance.N, DominanceK: c.Dominance.KPercent, PPercent: c.PPercent}
		}
	}
	return out
}

// rulesOf turns the settings the policy obliges an answer to meet into
// disclosure control's rules; percentages become fractions.
func rulesOf(d enclave.QueryDisclosure) disclosure.Rules {
	p := float64(d.PPercent) / 100
	return disclosure.Rules{
		Threshold: d.Threshold, Rounding: d.Rounding, Totals: disclosure.TotalsFromRounded, Mode: disclosure.Mode(d.Mode),
		Magnitude: disclosure.Magnitude{Dominance: &disclosure.Dominance{N: d.DominanceN, K: float64(d.DominanceK) / 100}, PPercent: &p},
	}
}
