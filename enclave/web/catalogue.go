package web

import (
	"net/http"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// cataloguePage shows the datasets as GET /v1/catalogue does: declarations
// only, with what each column can be grouped and filtered by.
func (s *Server) cataloguePage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, "GET /v1/catalogue"); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	s.render(w, r, sess, http.StatusOK, "catalogue", "Data catalogue", s.Catalogue().View())
}

// columnUse says, in words, how a query may use a column.
func columnUse(c catalogue.Column) string {
	if !c.Outputtable() {
		return "not available to queries"
	}
	switch g := c.GroupBy(); g {
	case catalogue.GroupByNone:
		return "filter only"
	case catalogue.GroupByOpen:
		return "group by the values in the data (only released labels are shown); filter"
	case catalogue.GroupByCategories, catalogue.GroupByBins:
		return "group by its categories; filter"
	default:
		return "group by " + string(g) + "; filter by date"
	}
}
