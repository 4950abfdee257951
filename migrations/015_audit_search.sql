-- Searches of the audit log read the canonical bytes, never the copies kept
-- beside them (docs/audit.md, "Searches that cannot lie").
--
-- audit_events keeps each event's canonical bytes, which are hashed and
-- signed, and copies of its fields (principal_id, kind, ..., the jsonb
-- event) that nothing signs. Searching the copies let anyone able to change
-- a row (the owner, a superuser) hide an event from a search without
-- touching what `audit verify` checks. From here on the service searches
-- audit_field(canonical, ...), indexed below: a changed copy can neither
-- hide an event from a search nor add one to it. The service also compares
-- every copy of each event it serves with the canonical bytes, and `audit
-- verify` compares every copy of every event.

-- audit_field is the value of one top-level member of an event's canonical
-- bytes, as text. It is immutable for a given database, whose encoding never
-- changes, so it can be indexed.
CREATE FUNCTION audit_field(canonical bytea, member text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN (pg_catalog.convert_from(canonical, 'UTF8')::pg_catalog.jsonb) OPERATOR(pg_catalog.->>) member;
END $$;

REVOKE EXECUTE ON FUNCTION audit_field(bytea, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_field(bytea, text) TO {{.service_role}};

-- The searches the service runs. The canonical time is fixed-width UTC
-- (YYYY-MM-DDThh:mm:ss.ffffffZ), so its text order is time order.
CREATE INDEX audit_events_principal_canonical_idx ON audit_events (audit_field(canonical, 'principal'), seq);
CREATE INDEX audit_events_kind_canonical_idx ON audit_events (audit_field(canonical, 'kind'), seq);
CREATE INDEX audit_events_target_canonical_idx
    ON audit_events (audit_field(canonical, 'target_type'), audit_field(canonical, 'target_id'), seq);
CREATE INDEX audit_events_time_canonical_idx ON audit_events (audit_field(canonical, 'time'));

-- Building them parses every event once per index: on a long log this
-- migration takes a while, and holds writes to the log until it is done.

-- The indexes on the copies served only the searches replaced above.
DROP INDEX audit_events_time_idx, audit_events_principal_idx, audit_events_kind_idx, audit_events_target_idx;
