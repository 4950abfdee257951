-- An opt-out list load also leaves optout_versions analysed. The table holds
-- a few rows and changes by one or two a load, so autovacuum (50 changed rows
-- before it analyses) may never get to it, and without statistics PostgreSQL
-- guesses that the current deny versions join to a handful of entries: it
-- then runs every query's opt-out exclusion as a nested loop over all of
-- them, 52 million comparisons for 39,400 A&E rows against 1,365 opt-outs,
-- 30 s for a sum that takes 50 ms once the table is analysed
-- (docs/benchmarks.md, "Region scale"). analyze_loaded may now analyse it
-- too; CREATE OR REPLACE keeps its owner and grants.
CREATE OR REPLACE FUNCTION analyze_loaded(tbl text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rel regclass;
BEGIN
    SELECT c.oid INTO rel FROM pg_class c
     WHERE c.relname = tbl AND c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       AND c.relowner = (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user)
       AND (tbl ~ '^ds_[a-z][a-z0-9_]*_v[0-9]+$' OR tbl IN ('optout_entries', 'optout_versions'));
    IF rel IS NULL THEN
        RAISE EXCEPTION 'analyze_loaded: % is not a table that loads write', tbl
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('ANALYZE %s', rel);
END $$;
