-- The differencing ledger made fast (docs/differencing.md). Each cell gains:
--
--   id           grows in the order cells are recorded within a project:
--                each project records under its own lock, and the sequence
--                hands out values in order (keep its CACHE at 1). A service
--                process catches up with what others recorded by reading the
--                rows above the last id it saw.
--   sketch       its people counted in 64 buckets (differencing.EncodeSketch).
--                The service keeps every cell's count and sketch in memory and
--                reads people only for cells whose sketches are close.
--   member_keys  its people's keys, Rice-coded (differencing.Encode): about
--                7 bytes a person, where the roaring bitmap took 22.
--
-- The service records a set of people once per project, however often it
-- is released (differencing.Fresh).
--
-- Cells recorded before this migration keep their roaring bitmap in members
-- and have no sketch or keys: the service computes their sketch when it
-- first reads them (it may not change the ledger, so nothing rewrites them).

ALTER TABLE released_cells
    ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1),
    ADD COLUMN sketch bytea,
    ADD COLUMN member_keys bytea,
    ALTER COLUMN members DROP NOT NULL,
    ADD CONSTRAINT released_cells_one_form CHECK (
        (members IS NOT NULL AND sketch IS NULL AND member_keys IS NULL) OR
        (members IS NULL AND sketch IS NOT NULL AND member_keys IS NOT NULL)),
    ADD PRIMARY KEY (project_id, id),
    -- Rice-coded keys do not compress: storing them without trying is faster.
    ALTER COLUMN member_keys SET STORAGE EXTERNAL;

-- Candidates are now found by count in memory, not through this index.
DROP INDEX released_cells_people_idx;
