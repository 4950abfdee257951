-- Research projects: what governance officers approve (the Five Safes' safe
-- projects and safe people). policies/governance.rego decides every change;
-- these tables keep what it decided on and what it decided.
--
-- projects.state is the STORED state; expiry and the start date are applied
-- at decision time from the clock, so a project expires without anything
-- being written. submission counts submissions: approvals belong to one, so
-- resetting approvals is starting a new submission, and earlier approvals
-- stay as history.

CREATE TABLE projects (
    id            text PRIMARY KEY CHECK (id ~ '^prj_[a-z0-9]{12}$'),
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    purpose       text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 5000),
    lead          text NOT NULL REFERENCES principals (id),
    legal_basis   text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 64),
    start_date    date NOT NULL,
    expiry_date   date NOT NULL,
    -- scope: {"dataset": ["column", ...], ...}, checked against the catalogue.
    scope         jsonb NOT NULL CHECK (jsonb_typeof(scope) = 'object'),
    threshold     integer NOT NULL CHECK (threshold >= 1),
    rounding      integer NOT NULL CHECK (rounding >= 1),
    sensitive     boolean NOT NULL,
    state         text NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'active', 'suspended', 'closed', 'rejected')),
    submission    integer NOT NULL DEFAULT 0 CHECK (submission >= 0),
    -- The opt-out lists that apply, as the policy derived them from the
    -- legal basis at the last decision that changed the project.
    optout_ndoo   boolean NOT NULL,
    optout_type1  boolean NOT NULL,
    first_approved_at timestamptz,
    created_at    timestamptz NOT NULL,
    created_by    text NOT NULL REFERENCES principals (id),
    updated_at    timestamptz NOT NULL
);

CREATE TABLE project_members (
    project_id   text NOT NULL REFERENCES projects (id),
    principal_id text NOT NULL REFERENCES principals (id),
    added_at     timestamptz NOT NULL,
    added_by     text NOT NULL REFERENCES principals (id),
    PRIMARY KEY (project_id, principal_id)
);

CREATE TABLE project_approvals (
    project_id  text NOT NULL REFERENCES projects (id),
    submission  integer NOT NULL,
    officer     text NOT NULL REFERENCES principals (id),
    approved_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, submission, officer)
);

-- project_history is the governance record: every change, who made it, why,
-- and the decision that allowed it (reason codes, policy revision and the
-- opt-out lists it derived). Refusals are in the audit log only.
CREATE TABLE project_history (
    project_id      text NOT NULL REFERENCES projects (id),
    seq             integer NOT NULL CHECK (seq >= 1),
    at              timestamptz NOT NULL,
    actor           text NOT NULL REFERENCES principals (id),
    action          text NOT NULL,
    reason          text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
    detail          text NOT NULL DEFAULT '',
    state_before    text NOT NULL DEFAULT '',
    state_after     text NOT NULL,
    optout_ndoo     boolean NOT NULL,
    optout_type1    boolean NOT NULL,
    decision_codes  text[] NOT NULL,
    policy_revision text NOT NULL,
    PRIMARY KEY (project_id, seq)
);

CREATE INDEX project_members_principal_idx ON project_members (principal_id);

-- The service creates and changes projects; it never deletes them or their
-- history.
GRANT SELECT, INSERT ON projects TO {{.service_role}};
GRANT UPDATE (title, purpose, lead, legal_basis, start_date, expiry_date, scope, threshold, rounding,
    sensitive, state, submission, optout_ndoo, optout_type1, first_approved_at, updated_at) ON projects TO {{.service_role}};
GRANT SELECT, INSERT, DELETE ON project_members TO {{.service_role}};
GRANT SELECT, INSERT ON project_approvals TO {{.service_role}};
GRANT SELECT, INSERT ON project_history TO {{.service_role}};
