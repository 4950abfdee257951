-- Rollbacks of the database (docs/operations.md, "Backup and restore").
-- The service keeps the latest signed checkpoint outside the database (Vault
-- KV, or a file in dev mode). When the database is found behind it (an
-- older backup restored), the service refuses queries until an operator
-- acknowledges the rollback with a reason; from then on every answer is
-- held for output review, because the differencing ledger has forgotten the
-- cells released after the backup, until a governance officer lifts the
-- hold with a reason of their own. Both steps are audited in the same
-- transaction as the row they write here.
--
-- One row per acknowledged rollback: the checkpoint saved outside the
-- database, what the database held instead, who acknowledged it and why,
-- and, once lifted, who lifted the hold and why.
CREATE TABLE rollbacks (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    saved_size      bigint NOT NULL CHECK (saved_size >= 0),
    saved_root      bytea NOT NULL CHECK (length(saved_root) = 32),
    found_size      bigint NOT NULL CHECK (found_size >= 0),
    found_root      bytea NOT NULL CHECK (length(found_root) = 32),
    reason          text NOT NULL CHECK (btrim(reason) <> '' AND length(reason) <= 2000),
    acknowledged_by text NOT NULL REFERENCES principals (id),
    acknowledged_at timestamptz NOT NULL,
    lift_reason     text CHECK (btrim(lift_reason) <> '' AND length(lift_reason) <= 2000),
    lifted_by       text REFERENCES principals (id),
    lifted_at       timestamptz,
    CHECK ((lifted_by IS NULL) = (lifted_at IS NULL) AND (lifted_by IS NULL) = (lift_reason IS NULL)),
    UNIQUE (saved_size, saved_root)
);

GRANT SELECT, INSERT ON rollbacks TO {{.service_role}};
GRANT UPDATE (lift_reason, lifted_by, lifted_at) ON rollbacks TO {{.service_role}};

-- A hold is lifted once, by a governance officer who did not acknowledge the
-- rollback (four eyes), and nothing else of a row ever changes. The owner
-- role and superusers are exempt (repairs).
CREATE FUNCTION rollbacks_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF guard_exempt(TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF OLD.lifted_at IS NOT NULL THEN
        RAISE EXCEPTION 'rollback %: its hold was lifted already', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.lifted_by = OLD.acknowledged_by THEN
        RAISE EXCEPTION 'rollback %: the operator who acknowledged it cannot lift its hold', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT FROM principals p WHERE p.id = NEW.lifted_by AND p.role = 'governance') THEN
        RAISE EXCEPTION 'rollback %: only a governance officer lifts its hold', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER rollbacks_guard BEFORE UPDATE ON rollbacks
    FOR EACH ROW EXECUTE FUNCTION rollbacks_guard();
