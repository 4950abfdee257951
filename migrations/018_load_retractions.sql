-- Retracting a load (docs/ingest.md, "Retract and replace"). A load that
-- stored wrong rows, or rejected every row under a wrong mapping, can be
-- taken back: an operator asks, with a reason; the governance policy
-- decides whether a second person must confirm (policies/retraction.rego);
-- once the retraction is complete its rows leave the dataset, the load is
-- marked retracted, and the same file may be loaded again. The request,
-- the confirmation, the removal of the rows and their audit events commit
-- in one transaction each. Released cells stay in the differencing ledger.
--
-- 1. A retraction request: who asked, why, and whether the policy asked
--    for a second person. Append only, like its confirmation.
CREATE TABLE load_retractions (
    load_id      bigint PRIMARY KEY REFERENCES dataset_loads (id),
    reason       text NOT NULL CHECK (btrim(reason) <> '' AND length(reason) <= 2000),
    requested_by text NOT NULL REFERENCES principals (id),
    requested_at timestamptz NOT NULL,
    confirmation_required boolean NOT NULL
);

-- 2. The second person's confirmation; never the requester's (guarded
--    below, whatever the service sends).
CREATE TABLE load_retraction_confirmations (
    load_id      bigint PRIMARY KEY REFERENCES load_retractions (load_id),
    confirmed_by text NOT NULL REFERENCES principals (id),
    confirmed_at timestamptz NOT NULL
);

GRANT SELECT, INSERT ON load_retractions, load_retraction_confirmations TO {{.service_role}};

-- 3. A retracted load keeps its record, marked by retracted_at, which only
--    retract_load_rows (the owner) sets. Only loads that are not retracted
--    count as "loaded before": at most one live load of the same bytes per
--    dataset version, whatever its mapping revision, so a file's people are
--    never in a dataset twice. This replaces migration 005's uniqueness on
--    (dataset, content_sha256), which kept a file out of the dataset for
--    good once loaded, even under a wrong mapping and with no row stored.
ALTER TABLE dataset_loads
    ADD COLUMN retracted_at timestamptz,
    DROP CONSTRAINT dataset_loads_dataset_content_sha256_key;
CREATE UNIQUE INDEX dataset_loads_live_content ON dataset_loads (dataset, dataset_version, content_sha256)
    WHERE retracted_at IS NULL;
CREATE INDEX dataset_loads_dataset_idx ON dataset_loads (dataset, dataset_version, id);

-- 4. The confirmer is not the requester, and is an operator or a
--    governance officer. The owner role and superusers are exempt (repairs).
CREATE FUNCTION load_retraction_confirmations_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r load_retractions;
BEGIN
    IF guard_exempt(TG_RELID) THEN
        RETURN NEW;
    END IF;
    SELECT * INTO r FROM load_retractions WHERE load_id = NEW.load_id;
    IF NEW.confirmed_by = r.requested_by THEN
        RAISE EXCEPTION 'load %: the requester of a retraction cannot confirm it', NEW.load_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT FROM principals p WHERE p.id = NEW.confirmed_by AND p.role IN ('operator', 'governance')) THEN
        RAISE EXCEPTION 'load %: only an operator or a governance officer confirms a retraction', NEW.load_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER load_retraction_confirmations_guard BEFORE INSERT ON load_retraction_confirmations
    FOR EACH ROW EXECUTE FUNCTION load_retraction_confirmations_guard();
REVOKE ALL ON FUNCTION load_retraction_confirmations_guard() FROM PUBLIC;

-- 5. The service role may insert into a dataset table but never delete
--    from one. retract_load_rows deletes, as the owner, the rows of one
--    load from that load's own dataset table, and only when the load's
--    retraction is complete: requested, with its dataset.retract audit
--    event, and, when the policy asked for a second person, confirmed by
--    someone else with its dataset.retract_confirm event. It marks the
--    load retracted at `at` (the service's clock) and returns the rows
--    removed. Its search_path ends with pg_temp, so a temporary table
--    cannot stand in for a real one.
CREATE FUNCTION retract_load_rows(load bigint, at timestamptz) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    l public.dataset_loads;
    r public.load_retractions;
    rel regclass;
    removed bigint;
BEGIN
    SELECT * INTO l FROM public.dataset_loads WHERE id = load FOR UPDATE;
    SELECT * INTO r FROM public.load_retractions WHERE load_id = load;
    IF l.id IS NULL OR l.retracted_at IS NOT NULL OR r.load_id IS NULL
        OR NOT EXISTS (SELECT FROM public.audit_events e WHERE e.kind = 'dataset.retract' AND e.outcome = 'success'
            AND e.target_type = 'load' AND e.target_id = load::text AND e.principal_id = r.requested_by)
        OR (r.confirmation_required AND NOT EXISTS (
            SELECT FROM public.load_retraction_confirmations c
             WHERE c.load_id = load AND c.confirmed_by <> r.requested_by
               AND EXISTS (SELECT FROM public.audit_events e WHERE e.kind = 'dataset.retract_confirm'
                   AND e.outcome = 'success' AND e.target_type = 'load' AND e.target_id = load::text
                   AND e.principal_id = c.confirmed_by))) THEN
        RAISE EXCEPTION 'retract_load_rows: load % has no complete, audited retraction', load
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT c.oid INTO rel FROM pg_class c
     WHERE c.relname = format('ds_%s_v%s', l.dataset, l.dataset_version)
       AND c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       AND c.relowner = (SELECT o.oid FROM pg_roles o WHERE o.rolname = current_user);
    removed := 0;
    IF rel IS NOT NULL THEN
        EXECUTE format('DELETE FROM %s WHERE load_id = $1', rel) USING load;
        GET DIAGNOSTICS removed = ROW_COUNT;
    END IF;
    UPDATE public.dataset_loads SET retracted_at = at WHERE id = load;
    RETURN removed;
END $$;

REVOKE EXECUTE ON FUNCTION retract_load_rows(bigint, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION retract_load_rows(bigint, timestamptz) TO {{.service_role}};
