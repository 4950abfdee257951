package web

import (
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

// link is one entry of the home page.
type link struct {
	Href, Label, About string
}

// homeLinks are what each role looks for first.
var homeLinks = map[enclave.Role][]link{
	enclave.RoleResearcher: {
		{"/projects", "Your projects", "The projects you work on, what each may use, and where to ask a question of its data."},
		{"/catalogue", "Data catalogue", "The datasets, their columns, and what each column can be grouped or filtered by."},
		{"/reviews", "Held answers", "Answers held for output review, and their state."},
		{"/history", "Your questions", "Every question you have asked and how it ended, the answers released to you since you signed in, and those held for review."},
		{"/tokens", "Your tokens", "Your API tokens, and revoking them."},
	},
	enclave.RoleGovernance: {
		{"/projects", "Projects", "Projects awaiting your decision first, then every project."},
		{"/reviews", "Held answers", "Answers waiting for output review."},
		{"/catalogue", "Data catalogue", "The datasets projects may ask to use."},
		{"/register", "Data use register", "The public register of approved projects."},
		{"/loads", "Dataset loads", "Every load, newest first, with its counts, its state and its rejected rows by reason."},
		{"/optouts", "Opt-out lists", "Which version of each opt-out list is in force, and whether it is stale."},
		{"/tokens", "Your tokens", "Your API tokens, and revoking them."},
	},
	enclave.RoleAuditor: {
		{"/audit/events", "Audit events", "Search the audit log by kind, principal, project and time."},
		{"/audit/summary", "Queries by researcher", "Each researcher's answers, holds, refusals and withheld cells, by day."},
		{"/history", "A researcher's questions", "Every question one principal asked, newest first, and how each ended."},
		{"/audit/checkpoint", "Latest checkpoint", "The log's signed size and root, and how to verify the log offline."},
		{"/projects", "Projects", "Every project and its state."},
		{"/optouts", "Opt-out lists", "Which version of each opt-out list is in force, and whether it is stale."},
		{"/tokens", "Your tokens", "Your API tokens, and revoking them."},
	},
	enclave.RoleOperator: {
		{"/loads", "Dataset loads", "Every load, newest first, with its counts, its state and its rejected rows by reason."},
		{"/optouts", "Opt-out lists", "Which version of each opt-out list is in force, and whether it is stale."},
		{"/tokens", "Tokens", "Everyone's API tokens, and revoking them."},
		{"/register", "Data use register", "The public register of approved projects."},
	},
}

// home shows the links of the user's role.
func (s *Server) home(w http.ResponseWriter, r *http.Request, sess *session) {
	s.render(w, r, sess, http.StatusOK, "home", "Home", homeLinks[sess.ident.Principal.Role])
}
