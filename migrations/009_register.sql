-- The public data use register shows what was approved, as it was approved:
-- a change after approval sends a project back for approval, and the
-- register keeps showing the approved version until the change is approved.

CREATE TABLE register_entries (
    project_id  text PRIMARY KEY REFERENCES projects (id),
    title       text NOT NULL,
    purpose     text NOT NULL,
    legal_basis text NOT NULL,
    datasets    text[] NOT NULL,
    start_date  date NOT NULL,
    expiry_date date NOT NULL,
    first_approved_at timestamptz NOT NULL,
    approved_at timestamptz NOT NULL
);

GRANT SELECT, INSERT, UPDATE ON register_entries TO {{.service_role}};

-- Projects approved before this migration enter the register as they stand.
INSERT INTO register_entries
    SELECT id, title, purpose, legal_basis, ARRAY(SELECT jsonb_object_keys(scope) ORDER BY 1), start_date, expiry_date,
           first_approved_at, first_approved_at
    FROM projects WHERE first_approved_at IS NOT NULL;
