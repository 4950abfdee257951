package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/postgres"
)

// TestApprovalSettings: the owner role records how many officers approve;
// the service checks its own settings against them, and the database's
// guards count what the owner recorded.
func TestApprovalSettings(t *testing.T) {
	t.Parallel()
	e := newGuardEnv(t)
	ctx := context.Background()
	db := e.db.Open(t)
	if err := db.CheckApprovals(ctx, postgres.Approvals{Project: 1, ProjectSensitive: 2, Review: 2}); err != nil {
		t.Errorf("the defaults: %v", err)
	}
	three := postgres.Approvals{Project: 2, ProjectSensitive: 3, Review: 3}
	if err := postgres.SetApprovals(ctx, e.db.ServiceURL, three); err == nil {
		t.Errorf("the service role recorded approval settings")
	}
	if err := postgres.SetApprovals(ctx, e.db.OwnerURL, three); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckApprovals(ctx, three); err != nil {
		t.Errorf("after the owner recorded them: %v", err)
	}
	err := db.CheckApprovals(ctx, postgres.Approvals{Project: 2, ProjectSensitive: 3, Review: 2})
	if err == nil || !strings.Contains(err.Error(), "3 for a held result") {
		t.Errorf("a service asking for fewer than the database enforces: %v", err)
	}
	if err := postgres.SetApprovals(ctx, e.db.OwnerURL, postgres.Approvals{Project: 2, ProjectSensitive: 1, Review: 1}); err == nil {
		t.Errorf("recorded fewer approvals for a sensitive project than for any")
	}

	// Two audited approvals no longer release a held result: three do.
	const id = "res_guardthree01"
	e.heldFixture(t, id, "held")
	for _, o := range []string{"g1", "g2", "g3"} {
		e.audited(t, o, audit.KindReviewApprove, "result", id, nil)
	}
	e.audited(t, "g3", audit.KindReviewRelease, "result", id, nil)
	refused(t, "two of three", e.exec(approve(id, "g1"), approve(id, "g2"), releaseHeld(id)))
	if err := e.exec(approve(id, "g1"), approve(id, "g2"), approve(id, "g3"), releaseHeld(id)); err != nil {
		t.Errorf("three audited approvals: %v", err)
	}
}
