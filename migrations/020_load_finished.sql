-- When each load finished: the clock at the end of its copy, just before
-- its record and audit event commit with its rows. A load is one
-- transaction, so it started at loaded_at and its rows appeared at
-- finished_at. Loads before this migration have none; their dataset.load
-- audit event was recorded at the end.

ALTER TABLE dataset_loads ADD COLUMN finished_at timestamptz;
ALTER TABLE dataset_loads ADD CONSTRAINT dataset_loads_finished_after_start CHECK (finished_at >= loaded_at);
