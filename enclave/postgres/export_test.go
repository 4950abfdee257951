package postgres

// Exported for the tests of package postgres_test, which run against a
// database: pgtest imports this package, so tests inside it cannot.
var (
	GroupLabel   = groupLabel
	QuoteLiteral = quoteLiteral
)

// SetAnalyzeLockWait sets how long a load's ANALYZE waits for its table's
// lock, for the test that holds it.
func SetAnalyzeLockWait(d string) { analyzeLockWait = d }
