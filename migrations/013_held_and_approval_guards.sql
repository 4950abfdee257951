-- Controls that the next request, or the service's own role, cannot undo
-- (docs/review.md, docs/governance.md, docs/differencing.md).
--
-- 1. The differencing ledger knows whether each cell was given out. A cell
--    recorded with an answer held for review names it (held_result), and is
--    in that result's state: held, released once officers release it, or
--    rejected. A cell with no held result was released with its answer. A
--    later cell with exactly the people of cells never given out is not
--    "nothing new": its answer is held (review.repeat). There is no foreign
--    key: the cells are recorded, under the ledger's lock, before the held
--    result is stored in the transaction of its audit event; a cell whose
--    result is missing counts as held, never given out.
--
-- 2. A held result may repeat earlier ones (repeat_of: the held or rejected
--    results whose cells or question it asks again), for the officers.
--
-- 3. Guards the service role cannot bypass: it owns none of these tables
--    or functions, so it cannot drop or disable the triggers, and may not set
--    session_replication_role. Each function pins its search_path with
--    pg_temp last, so that a temporary table cannot stand in for a real
--    one. The owner role and superusers, who could drop the guards anyway,
--    are exempt (fixtures, repairs).
--
--    - A held result is stored held; released and rejected are final.
--    - At commit, a released result has approvals from approval_settings.review
--      distinct governance officers, none the requester, each with its
--      review.approve audit event, and a review.release event; and no
--      rejection. A rejected one has a rejection by a governance officer
--      other than the requester, with its review.reject event.
--    - A project is never stored approved, active or suspended on creation,
--      its submission never goes back, and at commit a project that becomes
--      approved or active (from any other state than those and suspended, or
--      with a new submission) has approvals of its current submission from
--      approval_settings.project (project_sensitive when sensitive) distinct
--      governance officers, none its creator, lead or a member, each with the
--      project.approve audit event of that submission.
--
--    An approval row and its audit event are what the database can check:
--    someone holding the service role could still insert both in an
--    officer's name, but only into the append-only audit log, for every
--    auditor to see.

ALTER TABLE released_cells ADD COLUMN held_result text CHECK (held_result ~ '^res_[a-z0-9]{12}$');

ALTER TABLE held_results ADD COLUMN repeat_of text[] NOT NULL DEFAULT '{}';
CREATE INDEX held_results_query_idx ON held_results (project_id, query_hash);

-- How many distinct officers approve, as the owner role recorded it
-- (`enclave migrate` writes the service's settings here). The service reads
-- it at start and refuses to run with other settings.
CREATE TABLE approval_settings (
    id                boolean PRIMARY KEY DEFAULT true CHECK (id),
    project           integer NOT NULL CHECK (project >= 1),
    project_sensitive integer NOT NULL,
    review            integer NOT NULL CHECK (review >= 1),
    CHECK (project_sensitive >= project)
);
INSERT INTO approval_settings (id, project, project_sensitive, review) VALUES (true, 1, 2, 2);
GRANT SELECT ON approval_settings TO {{.service_role}};

-- guard_exempt says whether the current user may bypass the state guards
-- on table rel: its owner, or a superuser.
CREATE FUNCTION guard_exempt(rel oid) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
        OR current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = rel)
$$;

-- Held results: stored held, and released and rejected are final.
CREATE FUNCTION held_results_transition() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF guard_exempt(TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.state <> 'held' THEN
        RAISE EXCEPTION 'held result %: a result is stored held, never %', NEW.id, NEW.state
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.state <> 'held' AND NEW.state IS DISTINCT FROM OLD.state THEN
        RAISE EXCEPTION 'held result %: % is final, it cannot become %', OLD.id, OLD.state, NEW.state
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER held_results_transition BEFORE INSERT OR UPDATE ON held_results
    FOR EACH ROW EXECUTE FUNCTION held_results_transition();

-- Held results: released only with the approvals, rejected only with a
-- rejection, both with their audit events; checked at commit, when the
-- transaction has written them all.
CREATE FUNCTION held_results_reviewed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r held_results;
    need integer;
    have integer;
BEGIN
    IF guard_exempt(TG_RELID) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO r FROM held_results WHERE id = NEW.id;
    IF r.state = 'released' THEN
        SELECT review INTO need FROM approval_settings;
        SELECT count(DISTINCT v.officer) INTO have
            FROM result_reviews v JOIN principals p ON p.id = v.officer
            WHERE v.result_id = r.id AND v.action = 'approve' AND p.role = 'governance' AND v.officer <> r.requester
              AND EXISTS (SELECT FROM audit_events e WHERE e.target_type = 'result' AND e.target_id = r.id
                  AND e.kind = 'review.approve' AND e.outcome = 'success' AND e.principal_id = v.officer);
        IF have < need THEN
            RAISE EXCEPTION 'held result %: released with % of the % approvals required (distinct governance officers, not the requester, each audited)', r.id, have, need
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NOT EXISTS (SELECT FROM audit_events e WHERE e.target_type = 'result' AND e.target_id = r.id
                AND e.kind = 'review.release' AND e.outcome = 'success') THEN
            RAISE EXCEPTION 'held result %: released without its review.release audit event', r.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF EXISTS (SELECT FROM result_reviews v WHERE v.result_id = r.id AND v.action = 'reject') THEN
            RAISE EXCEPTION 'held result %: a rejected result is never released', r.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF r.state = 'rejected' AND NOT EXISTS (
            SELECT FROM result_reviews v JOIN principals p ON p.id = v.officer
            WHERE v.result_id = r.id AND v.action = 'reject' AND p.role = 'governance' AND v.officer <> r.requester
              AND EXISTS (SELECT FROM audit_events e WHERE e.target_type = 'result' AND e.target_id = r.id
                  AND e.kind = 'review.reject' AND e.outcome = 'success' AND e.principal_id = v.officer)) THEN
        RAISE EXCEPTION 'held result %: rejected without an audited rejection by a governance officer other than the requester', r.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER held_results_reviewed AFTER INSERT OR UPDATE ON held_results
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION held_results_reviewed();

-- Projects: never created approved, and a submission never goes back (its
-- approvals would come back with it).
CREATE FUNCTION projects_transition() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF guard_exempt(TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.state IN ('approved', 'active', 'suspended') THEN
        RAISE EXCEPTION 'project %: a project is created as a draft or submitted, never %', NEW.id, NEW.state
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.submission < OLD.submission THEN
        RAISE EXCEPTION 'project %: its submission cannot go back from % to %', OLD.id, OLD.submission, NEW.submission
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER projects_transition BEFORE INSERT OR UPDATE ON projects
    FOR EACH ROW EXECUTE FUNCTION projects_transition();

-- Projects: approved only with the approvals of the current submission.
-- Resuming a suspended project, or any change that keeps it approved on
-- the same submission, needs nothing new: it was approved.
CREATE FUNCTION projects_approved() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    p projects;
    need integer;
    have integer;
BEGIN
    IF guard_exempt(TG_RELID) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.state IN ('approved', 'active', 'suspended') AND OLD.submission = NEW.submission THEN
        RETURN NULL;
    END IF;
    SELECT * INTO p FROM projects WHERE id = NEW.id;
    IF p.state NOT IN ('approved', 'active') THEN
        RETURN NULL;
    END IF;
    SELECT CASE WHEN p.sensitive THEN project_sensitive ELSE project END INTO need FROM approval_settings;
    SELECT count(*) INTO have
        FROM project_approvals a JOIN principals o ON o.id = a.officer
        WHERE a.project_id = p.id AND a.submission = p.submission AND o.role = 'governance'
          AND a.officer <> p.created_by AND a.officer <> p.lead
          AND NOT EXISTS (SELECT FROM project_members m WHERE m.project_id = p.id AND m.principal_id = a.officer)
          AND EXISTS (SELECT FROM audit_events e WHERE e.target_type = 'project' AND e.target_id = p.id
              AND e.kind = 'project.approve' AND e.outcome = 'success' AND e.principal_id = a.officer
              AND e.event -> 'body' ->> 'submission' = p.submission::text);
    IF have < need THEN
        RAISE EXCEPTION 'project %: % with % of the % approvals required (distinct governance officers independent of it, each audited, for submission %)', p.id, p.state, have, need, p.submission
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER projects_approved AFTER INSERT OR UPDATE ON projects
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION projects_approved();

-- The guards of migrations 008 and 012 did not pin pg_temp last: a
-- temporary table named like the one they read or write stood in for it,
-- so the service role could mark the current opt-out list superseded and
-- delete its pids, or add a member the membership history never learnt of
-- (TestGuardsReadTheRealTables). The audit log's trigger is pinned too,
-- although the service role lacks the privileges it stands behind.
ALTER FUNCTION optout_entries_guard() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION project_member_history_add() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION audit_append_only() SET search_path = pg_catalog, public, pg_temp;

-- Triggers fire whatever the privileges on their functions; guard_exempt
-- is called by them as whoever changes the table, so it stays executable.
REVOKE ALL ON FUNCTION held_results_transition(), held_results_reviewed(), projects_transition(), projects_approved() FROM PUBLIC;
