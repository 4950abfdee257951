-- Output review (docs/review.md): answers the policy holds for governance
-- officers to check before release. policies/review.rego decides what is
-- held and every review action; these tables keep what it decided on and
-- what it decided.

-- A project may have every answer reviewed.
ALTER TABLE projects ADD COLUMN output_review boolean NOT NULL DEFAULT false;

-- held_results keeps each held answer exactly as it would be released: the
-- result after disclosure control (never the people behind a cell), its
-- manifest and a summary of its cells, with the query that asked for it.
-- held_for lists the policy's reasons ([{code, message}]). state is held,
-- then released (enough officers approved) or rejected. The grounds of the
-- answer, checked again at approval (review.stale), are the project's
-- submission (its approved version) when it was held, the catalogue
-- revision and the version of each opt-out list applied ({list: version}).
CREATE TABLE held_results (
    id          text PRIMARY KEY CHECK (id ~ '^res_[a-z0-9]{12}$'),
    project_id  text NOT NULL REFERENCES projects (id),
    requester   text NOT NULL REFERENCES principals (id),
    query_hash  text NOT NULL,
    query       jsonb NOT NULL,
    held_for    jsonb NOT NULL CHECK (jsonb_typeof(held_for) = 'array'),
    manifest    jsonb NOT NULL,
    result      jsonb NOT NULL,
    summary     jsonb NOT NULL,
    project_submission integer NOT NULL CHECK (project_submission >= 0),
    catalogue_revision text NOT NULL,
    optout_lists jsonb NOT NULL CHECK (jsonb_typeof(optout_lists) = 'object'),
    state       text NOT NULL CHECK (state IN ('held', 'released', 'rejected')),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE INDEX held_results_state_idx ON held_results (state, created_at);
CREATE INDEX held_results_requester_idx ON held_results (requester, created_at);

-- result_reviews records each approval and the rejection, with the
-- decision that allowed it. An officer approves a result once; a result is
-- rejected once.
CREATE TABLE result_reviews (
    result_id       text NOT NULL REFERENCES held_results (id),
    officer         text NOT NULL REFERENCES principals (id),
    action          text NOT NULL CHECK (action IN ('approve', 'reject')),
    at              timestamptz NOT NULL,
    reason          text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
    decision_codes  text[] NOT NULL,
    policy_revision text NOT NULL,
    PRIMARY KEY (result_id, officer, action)
);

CREATE UNIQUE INDEX result_reviews_one_rejection ON result_reviews (result_id) WHERE action = 'reject';

-- The service holds results and reviews them; it never deletes them, and
-- changes only a held result's state.
GRANT UPDATE (output_review) ON projects TO {{.service_role}};
GRANT SELECT, INSERT ON held_results, result_reviews TO {{.service_role}};
GRANT UPDATE (state, updated_at) ON held_results TO {{.service_role}};
