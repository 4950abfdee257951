-- The differencing ledger (docs/differencing.md): for each project, every
-- cell it was ever given, with its count of people and the set of those
-- people as a compressed bitmap of the first 8 bytes of their pseudonyms
-- (64 bits: among ten million people, the chance that any two share them is
-- about three in a million). It never leaves the enclave: only the service
-- reads it, and no research role can.

CREATE TABLE released_cells (
    project_id  text NOT NULL REFERENCES projects (id),
    released_at timestamptz NOT NULL,
    query_hash  text NOT NULL,
    cell        text NOT NULL,  -- the cell's keys as JSON, for reports
    people      integer NOT NULL CHECK (people >= 0),
    members     bytea NOT NULL  -- a 64-bit roaring bitmap
);

-- The check looks only at earlier cells whose count of people is within the
-- threshold of the new one's: two sets that differ by fewer than t people
-- have counts that differ by fewer than t.
CREATE INDEX released_cells_people_idx ON released_cells (project_id, people);

GRANT SELECT, INSERT ON released_cells TO {{.service_role}};
