// Package enclave is the domain of the research data enclave: principals and
// roles, API tokens, research projects (project*.go), output review of held
// answers (review*.go), the guard against a database restored to an earlier
// point (rollback*.go), policy decisions, error codes, and the consumer-side
// interfaces that the storage (enclave/postgres), HTTP (enclave/httpapi) and
// policy (policies) packages implement or consume.
//
// It imports only the standard library, its pure subpackages (enclave/audit,
// enclave/optout) and pseudonym, so that the privacy rules it holds cannot be
// bypassed by a change to storage or HTTP. The opt-out list rules (what a
// file must meet to be loaded, when a list is stale) are in optoutrules.go and
// optoutstatus.go.
package enclave
