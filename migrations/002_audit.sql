-- The tamper-evident audit log (enclave/audit documents the format).
--
-- audit_events keeps the exact canonical bytes that are hashed into the
-- RFC 6962 Merkle tree (jsonb would reorder keys and break the hashes), plus a
-- jsonb copy and a few columns for searching. audit_tree_head is one row: the
-- tree size and compact range, updated by every append under an advisory lock
-- so that the tree is well defined. audit_checkpoints holds signed checkpoints.

CREATE TABLE audit_events (
    seq          bigint PRIMARY KEY CHECK (seq >= 0),
    canonical    bytea NOT NULL,
    leaf_hash    bytea NOT NULL CHECK (length(leaf_hash) = 32),
    recorded_at  timestamptz NOT NULL,
    principal_id text NOT NULL,
    role         text NOT NULL,
    kind         text NOT NULL,
    target_type  text NOT NULL,
    target_id    text NOT NULL,
    outcome      text NOT NULL,
    event        jsonb NOT NULL
);

CREATE INDEX audit_events_time_idx ON audit_events (recorded_at);
CREATE INDEX audit_events_principal_idx ON audit_events (principal_id, seq);
CREATE INDEX audit_events_kind_idx ON audit_events (kind, seq);
CREATE INDEX audit_events_target_idx ON audit_events (target_type, target_id, seq);

CREATE TABLE audit_tree_head (
    id     boolean PRIMARY KEY DEFAULT true CHECK (id),
    size   bigint NOT NULL CHECK (size >= 0),
    hashes bytea[] NOT NULL
);
INSERT INTO audit_tree_head (id, size, hashes) VALUES (true, 0, '{}');

CREATE TABLE audit_checkpoints (
    size       bigint PRIMARY KEY CHECK (size >= 0),
    root       bytea NOT NULL CHECK (length(root) = 32),
    signed     text NOT NULL,
    created_at timestamptz NOT NULL
);

-- Append-only for everyone but the owner: the service role also lacks the
-- privileges, and this trigger stops anyone granted them later.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_user <> (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RAISE EXCEPTION 'audit records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

GRANT SELECT, INSERT ON audit_events, audit_checkpoints TO {{.service_role}};
GRANT SELECT, UPDATE ON audit_tree_head TO {{.service_role}};
