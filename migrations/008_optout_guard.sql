-- The service may delete the pids of a superseded opt-out list version, and
-- nothing else: emptying the current version would let everyone who opted
-- out back into every answer, with no record. Checked once per statement
-- over the deleted rows, so a supersede of millions of pids stays cheap.

CREATE FUNCTION optout_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM gone g JOIN optout_versions v ON v.id = g.version_id WHERE v.superseded_at IS NULL) THEN
        RAISE EXCEPTION 'the pids of a current opt-out list version cannot be deleted'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER optout_entries_guard AFTER DELETE ON optout_entries
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION optout_entries_guard();
