package differencing

// Cell is one cell about to be released: its keys (for reports) and its
// people.
type Cell struct {
	Key     string
	Members *Set
}

// Earlier returns the sets of a project's earlier released cells whose
// count of people lies between lo and hi; a store reads them from the
// ledger, using its index on the count.
type Earlier func(lo, hi int) ([]*Set, error)

// Check returns the positions of the cells to withhold: each whose people
// differ by 1 to threshold-1 from those of an earlier released cell of the
// project, or of a cell released before it in the same answer. Only earlier
// cells of nearby size can be that close, so only those are read.
func Check(cells []Cell, threshold int, earlier Earlier) ([]int, error) {
	var withheld []int
	var released []*Set
	for i, c := range cells {
		n := int(c.Members.GetCardinality())
		before, err := earlier(n-threshold+1, n+threshold-1)
		if err != nil {
			return nil, err
		}
		if tooCloseToAny(c.Members, append(before, released...), threshold) {
			withheld = append(withheld, i)
			continue
		}
		released = append(released, c.Members)
	}
	return withheld, nil
}

func tooCloseToAny(s *Set, others []*Set, threshold int) bool {
	for _, o := range others {
		if TooClose(s, o, threshold) {
			return true
		}
	}
	return false
}
