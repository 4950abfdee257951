-- Separation of duties and token lineage (docs/governance.md: "Separation
-- of duties", "Four eyes" and "Tokens and their lineage"). The service
-- decides each step under the policy; these triggers hold the same lines
-- against anyone who connects as the service role. Every function pins its
-- search_path with pg_temp last, so that a temporary table named like one
-- it reads cannot stand in for it.
--
-- Enrolment. Governance officers approve, and auditors check them, so
-- neither is made by one person: an operator asks (created_by), and a
-- governance officer other than the one who asked decides (decided_by).
-- Until then the principal is pending and its tokens do not authenticate.
-- The first officers are made at bootstrap by the owner role ('enclave
-- migrate' with ENCLAVE_BOOTSTRAP_GOVERNANCE), which the service role
-- cannot imitate (nor can it a superuser, whom the trigger lets by as it
-- could drop the trigger anyway). Principals enrolled before this
-- migration stay active.

ALTER TABLE principals
    ADD COLUMN state text NOT NULL DEFAULT 'active' CHECK (state IN ('pending', 'active', 'refused')),
    ADD COLUMN decided_by text REFERENCES principals (id),
    ADD COLUMN decided_at timestamptz,
    ADD COLUMN decision_reason text NOT NULL DEFAULT '' CHECK (length(decision_reason) <= 2000),
    ADD CONSTRAINT principals_decision CHECK (
        (decided_by IS NULL) = (decided_at IS NULL)
        AND (state <> 'pending' OR decided_by IS NULL)
        AND (state <> 'refused' OR decided_by IS NOT NULL));

CREATE FUNCTION principals_enrolment_guard() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    officer principals%ROWTYPE;
BEGIN
    -- The owner bootstraps; a superuser could drop the trigger anyway.
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
        OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.decided_by IS NOT NULL THEN
            RAISE EXCEPTION 'an enrolment is decided after it is asked for, never with it'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.role IN ('governance', 'auditor') AND (NEW.state <> 'pending' OR NEW.created_by IS NULL) THEN
            RAISE EXCEPTION 'a new % is pending, at an operator''s request, until a governance officer approves', NEW.role
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.role NOT IN ('governance', 'auditor') AND NEW.state <> 'active' THEN
            RAISE EXCEPTION 'a new % needs no approval: it is enrolled active', NEW.role
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.id <> OLD.id OR NEW.role <> OLD.role OR NEW.created_at <> OLD.created_at
        OR NEW.created_by IS DISTINCT FROM OLD.created_by THEN
        RAISE EXCEPTION 'who a principal is and who enrolled it never change' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.state <> 'pending' OR NEW.state = 'pending' THEN
        RAISE EXCEPTION 'an enrolment is decided once, while it is pending' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO officer FROM principals WHERE id = NEW.decided_by;
    IF officer.role IS DISTINCT FROM 'governance' OR officer.state IS DISTINCT FROM 'active' THEN
        RAISE EXCEPTION 'only an active governance officer decides an enrolment' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.decided_by = NEW.id OR NEW.decided_by IS NOT DISTINCT FROM NEW.created_by THEN
        RAISE EXCEPTION 'the officer who decides an enrolment did not ask for it' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER principals_enrolment_guard BEFORE INSERT OR UPDATE ON principals
    FOR EACH ROW EXECUTE FUNCTION principals_enrolment_guard();

GRANT UPDATE (state, decided_by, decided_at, decision_reason) ON principals TO {{.service_role}};

-- Four eyes. Two principals are linked when one enrolled, or decided the
-- enrolment of, the other. Linked principals are not two pairs of eyes: an
-- approval is refused when its officer is linked to the project's creator
-- or the result's requester, or to an officer who already approved the
-- same submission or result. Links never change once an enrolment is
-- decided, so checking each approval as it is written is enough; the row
-- lock on the project or held result orders approvals given at once.

CREATE FUNCTION enrolment_linked(a text, b text) RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT a <> b AND EXISTS (
        SELECT FROM principals p
        WHERE (p.id = a AND b IN (p.created_by, p.decided_by))
           OR (p.id = b AND a IN (p.created_by, p.decided_by)))
$$;

CREATE FUNCTION four_eyes_independent() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    other text;
BEGIN
    IF TG_TABLE_NAME = 'project_approvals' THEN
        PERFORM FROM projects WHERE id = NEW.project_id FOR NO KEY UPDATE;
        SELECT x INTO other FROM (
            SELECT created_by AS x FROM projects WHERE id = NEW.project_id
            UNION ALL
            SELECT officer FROM project_approvals WHERE project_id = NEW.project_id AND submission = NEW.submission
        ) s WHERE enrolment_linked(NEW.officer, x) LIMIT 1;
    ELSIF NEW.action = 'approve' THEN
        PERFORM FROM held_results WHERE id = NEW.result_id FOR NO KEY UPDATE;
        SELECT x INTO other FROM (
            SELECT requester AS x FROM held_results WHERE id = NEW.result_id
            UNION ALL
            SELECT officer FROM result_reviews WHERE result_id = NEW.result_id AND action = 'approve'
        ) s WHERE enrolment_linked(NEW.officer, x) LIMIT 1;
    END IF;
    IF other IS NOT NULL THEN
        RAISE EXCEPTION 'four eyes: % and % are linked by enrolment, so they count as one', NEW.officer, other
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER project_approvals_four_eyes BEFORE INSERT ON project_approvals
    FOR EACH ROW EXECUTE FUNCTION four_eyes_independent();
CREATE TRIGGER result_reviews_four_eyes BEFORE INSERT ON result_reviews
    FOR EACH ROW EXECUTE FUNCTION four_eyes_independent();

-- Token lineage. A token minted by another token of the same principal
-- records it (parent_id); a token that replaced a revoked one records that
-- (rotated_from) and stays in its lineage. A minted token never outlives
-- its parent, a principal holds at most 5 live minted tokens, revoking a
-- token revokes every token it minted, transitively, in the same
-- statement, and a revocation is final.

ALTER TABLE api_tokens
    ADD COLUMN parent_id text REFERENCES api_tokens (id),
    ADD COLUMN rotated_from text UNIQUE REFERENCES api_tokens (id);

CREATE INDEX api_tokens_parent_idx ON api_tokens (parent_id) WHERE parent_id IS NOT NULL;

CREATE FUNCTION api_tokens_lineage() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    parent api_tokens%ROWTYPE;
    replaced api_tokens%ROWTYPE;
    live integer;
BEGIN
    IF NEW.rotated_from IS NOT NULL THEN
        SELECT * INTO replaced FROM api_tokens WHERE id = NEW.rotated_from;
        IF replaced.principal_id <> NEW.principal_id OR replaced.revoked_at IS NULL
            OR replaced.parent_id IS DISTINCT FROM NEW.parent_id THEN
            RAISE EXCEPTION 'a token replaces only a revoked token of its own principal, in the same lineage'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    IF NEW.parent_id IS NULL THEN
        RETURN NEW;
    END IF;
    -- One minting at a time per principal, so that the count holds.
    PERFORM FROM principals WHERE id = NEW.principal_id FOR NO KEY UPDATE;
    SELECT * INTO parent FROM api_tokens WHERE id = NEW.parent_id;
    IF parent.principal_id <> NEW.principal_id THEN
        RAISE EXCEPTION 'a token mints tokens for its own principal only' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF parent.revoked_at IS NOT NULL OR parent.expires_at <= NEW.created_at THEN
        RAISE EXCEPTION 'a revoked or expired token mints nothing' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.expires_at > parent.expires_at THEN
        RAISE EXCEPTION 'a minted token never outlives the token that minted it' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT count(*) INTO live FROM api_tokens
        WHERE principal_id = NEW.principal_id AND parent_id IS NOT NULL
          AND revoked_at IS NULL AND expires_at > NEW.created_at;
    IF live >= 5 THEN
        RAISE EXCEPTION 'a principal holds at most 5 live minted tokens' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER api_tokens_lineage BEFORE INSERT ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION api_tokens_lineage();

CREATE FUNCTION api_tokens_revocation_final() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF OLD.revoked_at IS NOT NULL AND (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
        OR NEW.revoked_by IS DISTINCT FROM OLD.revoked_by) THEN
        RAISE EXCEPTION 'a revoked token stays revoked' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER api_tokens_revocation_final BEFORE UPDATE ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION api_tokens_revocation_final();

CREATE FUNCTION api_tokens_revoke_minted() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE api_tokens SET revoked_at = NEW.revoked_at, revoked_by = NEW.revoked_by
        WHERE parent_id = NEW.id AND revoked_at IS NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER api_tokens_revoke_minted AFTER UPDATE OF revoked_at ON api_tokens
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION api_tokens_revoke_minted();

-- Triggers fire whatever the privileges on their functions; enrolment_linked
-- is called by one as whoever writes an approval, so it stays executable.
REVOKE ALL ON FUNCTION principals_enrolment_guard(), four_eyes_independent(), api_tokens_lineage(),
    api_tokens_revocation_final(), api_tokens_revoke_minted() FROM PUBLIC;
