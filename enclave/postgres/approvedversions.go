package postgres

import (
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
)

// scanApprovedVersion reads the version of a project last approved
// (approvedVersionQuery), which the database wrote when the approval made it approved (migration 019);
// nil if it has never been approved. A version kept from before that
// migration has NULL for what the register did not keep: it is partial.
func scanApprovedVersion(q pgx.Row) (*enclave.ApprovedVersion, error) {
	var a enclave.ApprovedVersion
	var start, expiry time.Time
	var lead *string
	var threshold, rounding *int
	var sensitive, review *bool
	err := q.Scan(&a.Submission, &a.ApprovedAt, &a.Title, &a.Purpose, &a.LegalBasis, &a.Datasets, &start, &expiry,
		&a.Scope, &lead, &a.Members, &threshold, &rounding, &sensitive, &review)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a.StartDate, a.ExpiryDate = start.Format(time.DateOnly), expiry.Format(time.DateOnly)
	if lead == nil {
		a.Partial = true
		return &a, nil
	}
	a.Lead, a.Sensitive, a.OutputReview = *lead, *sensitive, *review
	a.Disclosure = enclave.Disclosure{Threshold: *threshold, Rounding: *rounding}
	return &a, nil
}

// approvedVersionQuery selects the version of project $1 last approved.
const approvedVersionQuery = `SELECT submission, approved_at, title, purpose, legal_basis, datasets, start_date, expiry_date,
	scope, lead, members, threshold, rounding, sensitive, output_review
	FROM project_approved_versions WHERE project_id = $1 ORDER BY approved_at DESC, submission DESC LIMIT 1`
