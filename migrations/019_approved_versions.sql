-- The version of each project its officers approved (docs/governance.md,
-- "What changed since the last approval"). An officer weighing a changed
-- project compares it, value by value, with what was approved; the
-- register (migration 009) keeps only the public fields, and a row the
-- service could rewrite would let a change pass as approved.
--
-- A trigger owned by the owner role writes the row at the commit of the
-- transaction that makes a project approved (or active) on a new
-- submission, reading the project and its members as that transaction left
-- them. The service role may only read the table: it cannot add, change or
-- delete a version, nor leave one out. Resuming a suspended project, or
-- any change that keeps it approved on the same submission, writes
-- nothing: that version was approved already.
--
-- Back-fill: a project now approved, active or suspended is as it was
-- approved (a change after approval sends it back for approval), so its
-- row is complete. Any other approved before (sent back by a change, or
-- closed or rejected since) is known only as the register kept it: title,
-- purpose, legal basis, datasets and dates; its columns, lead, members and
-- disclosure settings are NULL, unknown.

CREATE TABLE project_approved_versions (
    project_id    text NOT NULL REFERENCES projects (id),
    submission    integer NOT NULL,
    approved_at   timestamptz NOT NULL,
    title         text NOT NULL,
    purpose       text NOT NULL,
    legal_basis   text NOT NULL,
    datasets      text[] NOT NULL,
    start_date    date NOT NULL,
    expiry_date   date NOT NULL,
    -- NULL together: approved before this migration and changed since.
    scope         jsonb CHECK (jsonb_typeof(scope) = 'object'),
    lead          text,
    members       text[],
    threshold     integer,
    rounding      integer,
    sensitive     boolean,
    output_review boolean,
    PRIMARY KEY (project_id, submission),
    CHECK (num_nulls(scope, lead, members, threshold, rounding, sensitive, output_review) IN (0, 7))
);

GRANT SELECT ON project_approved_versions TO {{.service_role}};

INSERT INTO project_approved_versions
    SELECT p.id, p.submission, COALESCE(r.approved_at, p.first_approved_at, p.updated_at),
           p.title, p.purpose, p.legal_basis, ARRAY(SELECT jsonb_object_keys(p.scope) ORDER BY 1),
           p.start_date, p.expiry_date, p.scope, p.lead,
           ARRAY(SELECT m.principal_id FROM project_members m WHERE m.project_id = p.id ORDER BY 1),
           p.threshold, p.rounding, p.sensitive, p.output_review
    FROM projects p LEFT JOIN register_entries r ON r.project_id = p.id
    WHERE p.state IN ('approved', 'active', 'suspended');

-- The submission the register's version was approved on is the one whose
-- completing approval it records; 0 when no approval row matches (the
-- register back-filled by migration 009).
INSERT INTO project_approved_versions (project_id, submission, approved_at, title, purpose, legal_basis,
        datasets, start_date, expiry_date)
    SELECT r.project_id,
           COALESCE((SELECT max(a.submission) FROM project_approvals a
                     WHERE a.project_id = r.project_id AND a.approved_at = r.approved_at), 0),
           r.approved_at, r.title, r.purpose, r.legal_basis, r.datasets, r.start_date, r.expiry_date
    FROM register_entries r JOIN projects p ON p.id = r.project_id
    WHERE p.state NOT IN ('approved', 'active', 'suspended');

CREATE FUNCTION project_approved_version() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    p projects;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.state IN ('approved', 'active', 'suspended') AND OLD.submission = NEW.submission THEN
        RETURN NULL;
    END IF;
    SELECT * INTO p FROM projects WHERE id = NEW.id;
    IF p.state NOT IN ('approved', 'active') THEN
        RETURN NULL;
    END IF;
    INSERT INTO project_approved_versions VALUES (p.id, p.submission, p.updated_at, p.title, p.purpose,
        p.legal_basis, ARRAY(SELECT jsonb_object_keys(p.scope) ORDER BY 1), p.start_date, p.expiry_date,
        p.scope, p.lead, ARRAY(SELECT m.principal_id FROM project_members m WHERE m.project_id = p.id ORDER BY 1),
        p.threshold, p.rounding, p.sensitive, p.output_review)
        ON CONFLICT (project_id, submission) DO NOTHING;
    RETURN NULL;
END $$;

-- Deferred, as projects_approved (migration 013) is: at commit the
-- transaction has written the members and approvals, and the guard has
-- checked the approvals (a refused approval rolls this row back with it).
CREATE CONSTRAINT TRIGGER project_approved_version AFTER INSERT OR UPDATE ON projects
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION project_approved_version();

REVOKE ALL ON FUNCTION project_approved_version() FROM PUBLIC;
