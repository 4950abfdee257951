// Package web is the enclave's web interface: server-rendered pages for
// researchers, governance officers and auditors, served by the same binary
// as the API (docs/web.md).
//
// It is a client of the service graph (services.Set), not a second path to
// the data. Each page stands for one API route: it is authorised with that
// route's policy action through enclave.Access, which audits a refusal as
// the API does, and then calls the same service method as the route, which
// decides on the resource and audits. The package holds no store.
//
// Every response carries a strict Content-Security-Policy (no script, no
// inline style), Referrer-Policy and X-Content-Type-Options; every
// state-changing request passes Go's cross-origin protection. Sessions are
// held in memory, behind a random 256-bit id in an HttpOnly, SameSite=Strict
// cookie, and end on sign-out or after an idle timeout. A sign-in is
// pluggable (SignIn); in dev mode a page accepts an API token.
package web
