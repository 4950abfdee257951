// Package policies holds the enclave's authorisation policies, written in
// Rego v1, and the Go engine that evaluates them in process with OPA.
//
// # Policies decide, code enforces
//
// Every authorisation decision comes from the policies in this directory
// (ARCHITECTURE.md §2, invariant 5). Go code never decides who may do what: it
// builds an [enclave.PolicyInput] (principal, action, resource attributes),
// asks [Engine.Decide], and enforces the answer. Handlers may narrow what an
// allowed caller sees (for example their own tokens only), never widen it.
//
// # Typed input
//
// The resource of a domain action is one of enclave's typed resources
// ([enclave.PolicyResource]: ProjectResource, ReviewResource, ...), one per
// policy file, so every record the policy reads has all its fields, each of
// its JSON type, and the clock has one form ([enclave.PolicyTime]). The
// policies trust that shape and check only what a type cannot promise: that
// an action has the records it needs, and the domain of each value. Decide
// marshals the input once: its JSON is the memo key and, on a miss, the
// value OPA evaluates. To give a policy a new field, add it to the
// resource's struct with its JSON tag, describe it in the policy file's
// header, and check in Rego only the values its type allows but the policy
// must refuse.
//
// # Fail closed
//
// Decide returns a denial whenever it cannot return the policy's own
// decision: a cancelled context, an evaluation error, an undefined decision
// or one of the wrong shape all give Allow false, a single reason with code
// "policy.error", and a non-nil error. Callers treat any error as a denial.
// The policies themselves deny by default: an action they do not know is
// denied with "action.unknown", and input their types cannot rule out (a
// missing record, a value outside its domain) with "input.invalid".
// Builtins that reach the network or are non-deterministic (http.send,
// time.now_ns, rand.intn, ...) are removed from the compiler's capabilities,
// so a policy that calls one does not compile: decisions depend only on their
// input and the policy text.
//
// # Decision format
//
// The engine evaluates data.enclave.authz.decision, which is always defined:
//
//	{"allow": bool, "reasons": [{"code": string, "message": string}], "obligations": {...}}
//
// Every decision carries at least one reason: why it was allowed
// ("role.permitted", "token.owner", "token.operator") or every reason it was
// denied ("auth.required", "role.not_permitted", "action.unknown",
// "token.not_owner", "input.invalid"). Codes are stable because clients and
// audit records depend on them. Obligations are conditions the caller must
// meet when it acts: empty for routes and tokens. The engine adds Revision,
// the content hash of the policy files, so an audit record can name the
// exact policy that decided.
//
// # Project governance
//
// The project actions (project.create, project.approve, project.use, ...)
// are decided by package enclave.governance, reached through the same
// data.enclave.authz.decision: governance.rego holds the gates and the
// decision, and the governance_*.rego files beside it one concept each
// (states, approvals, proposals, use, input). governance.rego's header
// documents the input the service must build (principal, action, and a
// resource holding the injected clock "now", the stored project, the
// proposal, the approval settings and the written reason), and each file's
// header the part it reads and the reason codes it gives; the effective
// state is derived from the stored state and the dates. The obligations
// tell the service what
// to do: the state to store afterwards (state_after), whether to clear the
// approvals (reset_approvals), how many approvals the project needs and
// will have (approvals_required, approvals_after), the effective_state, and
// which opt-out lists filter the data (optouts: {"ndoo": bool, "type1":
// bool}), derived from the legal basis. An unknown legal basis is denied,
// never read as "no opt-out".
//
// # Output review
//
// review.rego, reached the same way, decides output review: result.release
// says whether an answer that passed disclosure control is released now
// (allowed, obligation outcome "release") or held for governance officers
// (denied with review.dataset, review.project, review.near_miss or
// review.repeat, outcome "review"); review.view, review.approve and review.reject decide who may
// see, approve and reject a held result, with obligations saying whether
// the answer may be shown (show_result) and the result's state afterwards
// (state_after, approvals_required, approvals_after). It reuses
// governance_state.rego's effective state of the result's project.
//
// # Retracting a load
//
// retraction.rego, reached the same way, decides dataset.retract (an
// operator or governance officer asks, with a reason) and
// dataset.retract_confirm (a second person agrees), with obligations saying
// whether a confirmation is needed (confirmation_required, from the setting
// second_person_for) and the load's state afterwards (state_after).
//
// # A principal's questions
//
// history.rego, reached the same way, decides query.history: reading a
// principal's questions from the audit log (resource.principal_id, whose).
// A researcher reads their own (history.own), an auditor anyone's
// (history.auditor); a researcher asking for another's is denied with
// history.not_own, officers and operators with role.not_permitted.
//
// # Adding a route
//
// Route actions are "METHOD pattern" with the chi route pattern, for example
// "DELETE /v1/tokens/{tokenID}". To add one:
//
//  1. add the action and the set of roles that may call it to permissions in
//     authz.rego (an action missing from the table is denied);
//  2. add the same row to expected_permissions in authz_test.rego, which
//     checks every action against every role;
//  3. if the decision depends on the object acted on, add a domain action
//     (such as "token.revoke") with its own grant and denial rules, and have
//     the handler pass the object's attributes as the resource.
//
// Each policy file has a _test.rego file beside it; go test runs those tests
// in process and fails below 90% policy coverage.
package policies
