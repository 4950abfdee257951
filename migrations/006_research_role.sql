-- Queries run as the research role ({{.research_role}}: the service role's
-- name with "_research"; enclave/postgres ResearchRole), switched to with SET
-- LOCAL ROLE inside a READ ONLY transaction. It may read the research data
-- and nothing else: the dataset tables (granted by enclave migrate as it
-- creates them) and the opt-out lists a query excludes people by. It cannot
-- read tokens, projects or the audit log, and cannot write anything.
--
-- The role must exist before this migration: enclave demo and the tests
-- create it; on a shared server the DBA does (docs/operations.md).

GRANT SELECT ON optout_versions, optout_entries, optout_current TO {{.research_role}};
GRANT EXECUTE ON FUNCTION optout_permits(bytea, text[]) TO {{.research_role}};
