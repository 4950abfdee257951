-- Every load leaves the table it wrote analysed (docs/ingest.md, "After a
-- load"), so the first query after a load is planned from statistics of the
-- rows loaded, not from the guesses PostgreSQL makes for a table it has never
-- analysed, and does not wait for autovacuum to notice.
--
-- ANALYZE needs the table's owner, and the service role, which loads, is
-- not. analyze_loaded runs it as the owner, for the tables loads write and
-- nothing else: a dataset version's table, or the opt-out entries. It runs
-- inside the load's transaction, last, so the statistics commit with the
-- rows. Its search_path ends with pg_temp, so a temporary table cannot
-- stand in for a catalogue one.
CREATE FUNCTION analyze_loaded(tbl text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rel regclass;
BEGIN
    SELECT c.oid INTO rel FROM pg_class c
     WHERE c.relname = tbl AND c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       AND c.relowner = (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user)
       AND (tbl ~ '^ds_[a-z][a-z0-9_]*_v[0-9]+$' OR tbl = 'optout_entries');
    IF rel IS NULL THEN
        RAISE EXCEPTION 'analyze_loaded: % is not a table that loads write', tbl
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('ANALYZE %s', rel);
END $$;

REVOKE EXECUTE ON FUNCTION analyze_loaded(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analyze_loaded(text) TO {{.service_role}};
