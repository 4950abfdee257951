-- Controls that the next request cannot undo (docs/review.md,
-- docs/differencing.md).
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

ALTER TABLE released_cells ADD COLUMN held_result text CHECK (held_result ~ '^res_[a-z0-9]{12}$');

ALTER TABLE held_results ADD COLUMN repeat_of text[] NOT NULL DEFAULT '{}';
CREATE INDEX held_results_query_idx ON held_results (project_id, query_hash);
