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
		if d, ok := s.cat.Dataset(ds); ok {
			c := d.Disclosure
			out[ds] = enclave.QueryDisclosure{Threshold: c.Threshold, Rounding: c.Rounding, Mode: string(c.Mode),
				DominanceN: c.Dominance.N, DominanceK: c.Dominance.KPercent, PPercent: c.PPercent}
		}
	}
	return out
}

// rulesOf turns the settings the policy obliges an answer to meet into
// disclosure control's rules; percentages become fractions. Margins are
// the true totals, protected by secondary suppression (TotalsIndependent):
// the query engine cannot tell whether a table's margins add up.
func rulesOf(d enclave.QueryDisclosure) disclosure.Rules {
	p := float64(d.PPercent) / 100
	return disclosure.Rules{
		Threshold: d.Threshold, Rounding: d.Rounding, Totals: disclosure.TotalsIndependent, Mode: disclosure.Mode(d.Mode),
		Magnitude: disclosure.Magnitude{Dominance: &disclosure.Dominance{N: d.DominanceN, K: float64(d.DominanceK) / 100}, PPercent: &p},
	}
}

// domains says, for each group-by column of q, how disclosure control knows
// its categories: the catalogue's declared ones, or open (data-driven).
func (s *Service) domains(q query.Query) []disclosure.Domain {
	var out []disclosure.Domain
	for _, cats := range query.Domains(q, s.cat) {
		if cats == nil {
			out = append(out, disclosure.Domain{Open: true})
		} else {
			out = append(out, disclosure.Domain{Categories: cats})
		}
	}
	return out
}
