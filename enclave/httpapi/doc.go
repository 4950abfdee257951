// Package httpapi is the enclave's HTTP API: a chi router with request ids,
// panic recovery, body limits, timeouts and an access log that records the
// route pattern, status, duration and principal id (never the raw URL,
// headers or bodies). It is the only package that imports chi.
//
// Every route, public ones included, is authorised by the policy engine
// (role × route, through enclave.Access). A handler then only decodes the
// request, calls one service method, which decides on the resource by
// policy and audits, and encodes the answer; it never reaches a store.
// Errors are RFC 9457 problem+json documents whose type is
// derived from the enclave error code in one place (problem.go).
package httpapi
