package audit

import (
	"encoding/json"
	"slices"
	"time"
)

// Kind names what happened. Kinds travel inside signed, append-only records,
// so the list is append-only too: never rename or reuse a kind, or old logs
// stop verifying (Parse rejects unknown kinds).
type Kind string

// The event kinds. Later features append their own (project.*, dataset.load,
// optout.load, query.run, ...) at the end of this list and of Kinds.
const (
	KindTokenBootstrap Kind = "token.bootstrap"  // the first operator token was minted
	KindTokenCreate    Kind = "token.create"     // a token was issued
	KindTokenRevoke    Kind = "token.revoke"     // a token was revoked
	KindAccessDenied   Kind = "access.denied"    // a request the policy refused
	KindAuditRead      Kind = "audit.read"       // an auditor read or exported the log, or a principal read questions (enclave.History)
	KindCheckpoint     Kind = "audit.checkpoint" // reserved: in the frozen v1 fixture; the service does not record signing (docs/audit.md)

	// Project governance: each is the policy action of the same name, with
	// outcome success (the change was written) or denied.
	KindProjectCreate       Kind = "project.create"
	KindProjectView         Kind = "project.view" // denials only: reads of a project are not recorded
	KindProjectUpdate       Kind = "project.update"
	KindProjectMemberAdd    Kind = "project.member_add"
	KindProjectMemberRemove Kind = "project.member_remove"
	KindProjectSubmit       Kind = "project.submit"
	KindProjectApprove      Kind = "project.approve"
	KindProjectReject       Kind = "project.reject"
	KindProjectReturn       Kind = "project.return"
	KindProjectSuspend      Kind = "project.suspend"
	KindProjectResume       Kind = "project.resume"
	KindProjectClose        Kind = "project.close"
	KindProjectUse          Kind = "project.use" // denials of use; allowed use is recorded by the query that uses it

	// KindOptOutLoad: an opt-out list was loaded as a new version, or found
	// to be the current one (body "noop": true).
	KindOptOutLoad Kind = "optout.load"

	// KindDatasetLoad: a file was loaded into a dataset (counts by reason,
	// never values), or found to be loaded already (body "duplicate_of").
	KindDatasetLoad Kind = "dataset.load"
	// KindDatasetCheck: a dry run of a load read, checked and mapped a whole
	// file and stored nothing (counts by reason, as dataset.load), or was
	// refused (body "refused").
	KindDatasetCheck Kind = "dataset.check"

	// KindQueryRun: a query was answered (success, with its manifest and
	// the decision, recorded before the answer is released), refused
	// (denied: invalid against the catalogue) or withheld by disclosure
	// control (failure). Refusals by the governance policy are
	// project.use events with the query's hash.
	KindQueryRun Kind = "query.run"

	// Output review: each is the policy action of the same name on a held
	// result (target type "result"), with outcome success (written) or
	// denied. The hold itself is the query.run event, whose body names the
	// held result.
	KindReviewView    Kind = "review.view" // a read that shows the answer (success), or a refused one; lists are not recorded
	KindReviewApprove Kind = "review.approve"
	KindReviewReject  Kind = "review.reject"
	// KindReviewRelease: the approval that completed the officers' count
	// released the result, in the same transaction.
	KindReviewRelease Kind = "review.release"

	// Enrolment: a governance officer approved or refused the pending
	// enrolment of a principal (target type "principal"), the policy
	// action of the same name, with outcome success or denied. The request
	// is the token.create event of the principal's first token, whose body
	// says "enrolment": "pending".
	KindPrincipalApprove Kind = "principal.approve"
	KindPrincipalReject  Kind = "principal.reject"
	// KindQueryCheck: a researcher's pre-flight check of a query, which
	// reads no data: answered (success, with the canonical query and the
	// decision) or refused as invalid (denied). Refusals by the governance
	// policy are project.use events, as for query.run.
	KindQueryCheck Kind = "query.check"
	// KindDatasetRetract: an operator or officer asked for a load to be
	// retracted, with a reason (target type "load"): success when the
	// policy allowed it (its body says whether a second person must
	// confirm, and the rows removed when none must), or denied.
	KindDatasetRetract Kind = "dataset.retract"
	// KindDatasetRetractConfirm: a second person confirmed a retraction,
	// and the load's rows left the dataset in the same transaction; or
	// the confirmation was denied.
	KindDatasetRetractConfirm Kind = "dataset.retract_confirm"
	// KindConfigReload: the catalogue and mappings were re-read while the
	// service ran (success, with the old and new revision of each), or the
	// files re-read were refused and the old ones kept (failure, with the
	// reason code and how many problems, never their text).
	KindConfigReload Kind = "config.reload"
	// KindRollbackAcknowledge: an operator acknowledged that the database
	// was restored to a point behind the checkpoint kept outside it (the
	// saved and found sizes and roots, the reason as an HMAC); from then on
	// every answer is held for output review.
	KindRollbackAcknowledge Kind = "audit.rollback_acknowledge"
	// KindRollbackLift: a governance officer lifted the hold on answers
	// that acknowledged rollbacks put in force (which, the reason as an
	// HMAC).
	KindRollbackLift Kind = "audit.rollback_lift"
)

// kindNames lists every known kind in the order they were added: append only.
var kindNames = []string{
	string(KindTokenBootstrap),
	string(KindTokenCreate),
	string(KindTokenRevoke),
	string(KindAccessDenied),
	string(KindAuditRead),
	string(KindCheckpoint),
	string(KindProjectCreate),
	string(KindProjectView),
	string(KindProjectUpdate),
	string(KindProjectMemberAdd),
	string(KindProjectMemberRemove),
	string(KindProjectSubmit),
	string(KindProjectApprove),
	string(KindProjectReject),
	string(KindProjectReturn),
	string(KindProjectSuspend),
	string(KindProjectResume),
	string(KindProjectClose),
	string(KindProjectUse),
	string(KindOptOutLoad),
	string(KindDatasetLoad),
	string(KindDatasetCheck),
	string(KindQueryRun),
	string(KindReviewView),
	string(KindReviewApprove),
	string(KindReviewReject),
	string(KindReviewRelease),
	string(KindPrincipalApprove),
	string(KindPrincipalReject),
	string(KindQueryCheck),
	string(KindDatasetRetract),
	string(KindDatasetRetractConfirm),
	string(KindConfigReload),
	string(KindRollbackAcknowledge),
	string(KindRollbackLift),
}

// Kinds returns every known kind in the order they were added.
func Kinds() []Kind {
	kinds := make([]Kind, len(kindNames))
	for i, k := range kindNames {
		kinds[i] = Kind(k)
	}
	return kinds
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(kindNames, string(k)) }

// Outcome says how the action ended. Like Kind, the values are frozen.
type Outcome string

// The outcomes.
const (
	OutcomeSuccess Outcome = "success" // the action happened
	OutcomeDenied  Outcome = "denied"  // policy refused it
	OutcomeFailure Outcome = "failure" // it was allowed but failed
)

var outcomeNames = []string{string(OutcomeSuccess), string(OutcomeDenied), string(OutcomeFailure)}

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool { return slices.Contains(outcomeNames, string(o)) }

// Decision is the part of a policy decision an auditor needs: the verdict,
// the stable reason codes (never the free-text messages, which may change
// wording) and the policy revision that produced it.
type Decision struct {
	Allow    bool
	Reasons  []string
	Revision string
}

// Event is one audit record and one leaf of the log's Merkle tree. Its
// version-1 byte encoding (Canonical) is what gets hashed and signed; see the
// package documentation for the format.
type Event struct {
	Seq        uint64    // leaf index, assigned at append (0-based)
	Time       time.Time // encoded in UTC, truncated to microseconds
	PrevRoot   [32]byte  // root of the log before this event (size Seq)
	Principal  string    // principal id; "" for anonymous
	Role       string
	Kind       Kind
	TargetType string // "token", "project", "dataset", "load"...; may be ""
	TargetID   string
	Outcome    Outcome
	Decision   *Decision // nil when no policy decision was involved
	RequestID  string
	// Body holds kind-specific details as a JSON object; empty means {}.
	// Sensitive values go in as FieldHMAC strings, never raw.
	Body json.RawMessage
}

// Limits enforced when encoding. They bound what a reader must buffer and
// stop the log being used as storage.
const (
	MaxIDBytes   = 200      // principal, role, target type/id, request id, revision, each reason
	MaxReasons   = 64       // reason codes in one decision
	MaxBodyBytes = 64 << 10 // canonical body
	// MaxEventBytes bounds a whole canonical event, that is, one line of an
	// export. Readers must allow lines this long: bufio.Scanner's default
	// limit (64 KiB) is too small.
	MaxEventBytes = 128 << 10

	maxBodyDepth    = 64 // nesting of arrays and objects in the body
	canonicalPrefix = `{"v":1,`
)
