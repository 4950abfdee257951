// Package enclave is the domain of the research data enclave: principals and
// roles, API tokens, policy decisions, error codes, and the consumer-side
// interfaces that the storage (enclave/postgres), HTTP (enclave/httpapi) and
// policy (policies) packages implement or consume.
//
// It imports only the standard library (and, later, pseudonym), so that the
// privacy rules it holds cannot be bypassed by a change to storage or HTTP.
package enclave
