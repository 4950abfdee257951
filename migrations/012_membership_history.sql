-- Every project a principal is, or ever was, a member of (docs/differencing.md).
-- A researcher's answers are checked against the differencing ledgers of all
-- of them: a member of a project under s251 (opt-outs applied) and of one
-- over anonymised data (none) could otherwise subtract one answer from the
-- other and learn who opted out.
--
-- project_members loses a row when a member is removed; this table never
-- does. A trigger owned by the owner role fills it, so neither the service
-- nor anyone holding its role can leave a membership out.

CREATE TABLE project_member_history (
    project_id   text NOT NULL REFERENCES projects (id),
    principal_id text NOT NULL REFERENCES principals (id),
    first_added  timestamptz NOT NULL,
    PRIMARY KEY (principal_id, project_id)
);

INSERT INTO project_member_history (project_id, principal_id, first_added)
    SELECT project_id, principal_id, added_at FROM project_members;

CREATE FUNCTION project_member_history_add() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO project_member_history (project_id, principal_id, first_added)
        VALUES (NEW.project_id, NEW.principal_id, NEW.added_at)
        ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;

CREATE TRIGGER project_member_history_add AFTER INSERT ON project_members
    FOR EACH ROW EXECUTE FUNCTION project_member_history_add();

REVOKE ALL ON FUNCTION project_member_history_add() FROM PUBLIC;
GRANT SELECT ON project_member_history TO {{.service_role}};
