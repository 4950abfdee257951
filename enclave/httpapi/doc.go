// Package httpapi is the enclave's HTTP API: a chi router with request ids,
// panic recovery, body limits, timeouts and an access log that records the
// route pattern, status, duration and principal id (never the raw URL,
// headers or bodies). It is the only package that imports chi.
//
// Every route, public ones included, is authorised by the policy engine
// (role × route); handlers ask the engine again where the decision depends on
// the resource. Errors are RFC 9457 problem+json documents whose type is
// derived from the enclave error code in one place (problem.go).
package httpapi
