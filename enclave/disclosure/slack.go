package disclosure

// short returns the best cell to hide in the first relation that hides too
// little beside a cell with a need, or -1 when there is none (or none that
// more hiding can help). A sum hidden by a magnitude rule needs a margin of
// protection, not only to be underivable (see protect): the values hidden
// beside it, in every relation that holds it, must add up to at least its
// need.
func (p *protector) short() int {
	for s, need := range p.need {
		if need <= 0 || !p.hidden[s] {
			continue
		}
		for _, r := range p.g.of[s] {
			if lack := need - p.slack(r, s); lack > 0 {
				if c := p.best(p.cells(r), lack); c >= 0 {
					return c
				}
			}
		}
	}
	return -1
}

// slack returns the weight hidden in relation r besides cell s.
func (p *protector) slack(r, s int) float64 {
	var w float64
	for _, c := range p.cells(r) {
		if c != s && p.hidden[c] {
			w += p.weight[c]
		}
	}
	return w
}

// needIn returns the need of relation r's only hidden cell.
func (p *protector) needIn(r int) float64 {
	if p.need == nil {
		return 0
	}
	for _, c := range p.cells(r) {
		if p.hidden[c] {
			return p.need[c]
		}
	}
	return 0
}
