-- Opt-out lists (docs/optout.md): the national data opt-out (ndoo) and Type 1
-- objections (type1), each loaded as numbered versions of a deny list (the
-- people who opted out) or an allow list (the people who did not). Only
-- pseudonyms (pids) are stored, never NHS numbers. A list's current version is
-- the one not superseded; a load supersedes the previous version and deletes
-- its pids in the same transaction, so a new list applies to the next query.

CREATE TABLE optout_versions (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    list           text NOT NULL CHECK (list IN ('ndoo', 'type1')),
    version        integer NOT NULL CHECK (version >= 1),
    form           text NOT NULL CHECK (form IN ('deny', 'allow')),
    content_sha256 bytea NOT NULL CHECK (length(content_sha256) = 32),
    as_of          date NOT NULL,
    loaded_at      timestamptz NOT NULL,
    loaded_by      text NOT NULL,
    lines          bigint NOT NULL CHECK (lines >= 0),
    numbers        bigint NOT NULL CHECK (numbers >= 0),
    invalid        bigint NOT NULL CHECK (invalid >= 0),
    entries        bigint NOT NULL DEFAULT 0 CHECK (entries >= 0 AND entries <= numbers),
    key_version    integer NOT NULL CHECK (key_version >= 1),
    key_dev        boolean NOT NULL,
    superseded_at  timestamptz,
    UNIQUE (list, version)
);

-- At most one current version per list.
CREATE UNIQUE INDEX optout_versions_current_idx ON optout_versions (list) WHERE superseded_at IS NULL;

-- The pids of each version; the primary key is the index that the query-time
-- semi- and anti-joins probe by (version_id, pid). version_id has no foreign
-- key: checked row by row it doubled the time of a national load (3.5 million
-- rows), and the store writes a version and its pids in one transaction, and
-- nobody may delete a version.
CREATE TABLE optout_entries (
    version_id bigint NOT NULL,
    pid        bytea NOT NULL CHECK (length(pid) = 32),
    PRIMARY KEY (version_id, pid)
);

-- Where a load copies its pids before removing duplicates. Rows live only
-- inside the load's transaction (keyed by its transaction id), so the table
-- is unlogged: nothing in it needs to survive a crash.
CREATE UNLOGGED TABLE optout_staging (
    load_id bigint NOT NULL,
    pid     bytea NOT NULL
);

-- The current version of each list.
CREATE VIEW optout_current AS
    SELECT id, list, version, form, as_of, key_version, key_dev
    FROM optout_versions
    WHERE superseded_at IS NULL;

-- optout_permits says whether the person with pid may appear in the data of a
-- project that needs the lists named in lists (for example '{ndoo,type1}';
-- '{}' permits everyone). For each named list's current version: a deny list
-- excludes the pids in it, an allow list every pid not in it. A named list
-- with no current version (or an unknown name) excludes everyone: a missing
-- list means no data, not all data. A NULL pid or lists is not permitted.
-- It reads the current versions when it runs, so a new list applies at once.
-- Queries over many rows use the equivalent join pattern in docs/optout.md.
CREATE FUNCTION optout_permits(pid bytea, lists text[]) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$
    SELECT NOT EXISTS (
        SELECT FROM unnest(lists) AS l (name)
        LEFT JOIN optout_current c ON c.list = l.name
        WHERE c.id IS NULL
           OR (c.form = 'deny' AND EXISTS (
                  SELECT FROM optout_entries e WHERE e.version_id = c.id AND e.pid = optout_permits.pid))
           OR (c.form = 'allow' AND NOT EXISTS (
                  SELECT FROM optout_entries e WHERE e.version_id = c.id AND e.pid = optout_permits.pid))
    )
$$;

-- The service loads and reads lists; it may mark a version superseded and
-- record its entry count, and delete only pids (of superseded versions) and
-- its own staging rows. It cannot change or delete a version's record.
GRANT SELECT, INSERT ON optout_versions TO {{.service_role}};
GRANT UPDATE (superseded_at, entries) ON optout_versions TO {{.service_role}};
GRANT SELECT, INSERT, DELETE ON optout_entries, optout_staging TO {{.service_role}};
GRANT SELECT ON optout_current TO {{.service_role}};
REVOKE EXECUTE ON FUNCTION optout_permits(bytea, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION optout_permits(bytea, text[]) TO {{.service_role}};
