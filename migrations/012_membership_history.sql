-- Every project a principal leads or is a member of, or ever did or was
-- (docs/differencing.md). A researcher's answers are checked against the
-- differencing ledgers of all of them: someone on a project under s251
-- (opt-outs applied) and on one over anonymised data (none) could otherwise
-- subtract one answer from the other and learn who opted out. A project's
-- lead may query it, and is never in project_members, so leads count too.
--
-- project_members loses a row when a member is removed, and projects.lead
-- changes when the lead does; this table never loses a row. Triggers owned
-- by the owner role fill it, so neither the service nor anyone holding its
-- role can leave a membership out. Members removed before this migration
-- are not known to it: their projects' ledgers are checked only for their
-- current ones.

CREATE TABLE project_member_history (
    project_id   text NOT NULL REFERENCES projects (id),
    principal_id text NOT NULL REFERENCES principals (id),
    first_added  timestamptz NOT NULL,
    PRIMARY KEY (principal_id, project_id)
);

INSERT INTO project_member_history (project_id, principal_id, first_added)
    SELECT project_id, principal_id, added_at FROM project_members
    UNION ALL
    SELECT id, lead, created_at FROM projects
    ON CONFLICT DO NOTHING;

CREATE FUNCTION project_member_history_add() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_TABLE_NAME = 'projects' THEN
        INSERT INTO project_member_history (project_id, principal_id, first_added)
            VALUES (NEW.id, NEW.lead, NEW.updated_at)
            ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO project_member_history (project_id, principal_id, first_added)
            VALUES (NEW.project_id, NEW.principal_id, NEW.added_at)
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER project_member_history_add AFTER INSERT ON project_members
    FOR EACH ROW EXECUTE FUNCTION project_member_history_add();
CREATE TRIGGER project_lead_history_add AFTER INSERT OR UPDATE OF lead ON projects
    FOR EACH ROW EXECUTE FUNCTION project_member_history_add();

REVOKE ALL ON FUNCTION project_member_history_add() FROM PUBLIC;
GRANT SELECT ON project_member_history TO {{.service_role}};
