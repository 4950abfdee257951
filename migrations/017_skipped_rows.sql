-- Rows a mapping's when: conditions skip (docs/ingest.md, "Conditions"): rows
-- of the file that are not for the dataset, such as the text results in an
-- observations file loaded for its numeric ones. They are neither stored nor
-- rejected, so a load's counts add up as rows_read = rows_stored +
-- rows_rejected + rows_skipped, which replaces migration 005's check. Loads
-- recorded before this migration skipped no row.

ALTER TABLE dataset_loads
    ADD COLUMN rows_skipped bigint NOT NULL DEFAULT 0 CHECK (rows_skipped >= 0),
    -- {"reason code": count, ...}
    ADD COLUMN skipped_by_reason jsonb NOT NULL DEFAULT '{}'
        CHECK (jsonb_typeof(skipped_by_reason) = 'object'),
    -- migration 005's rows_rejected check, as PostgreSQL named it
    DROP CONSTRAINT dataset_loads_check1,
    ADD CONSTRAINT dataset_loads_rows_add_up
        CHECK (rows_rejected >= 0 AND rows_stored + rows_rejected + rows_skipped = rows_read);
