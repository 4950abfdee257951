package postgres

// Exported for the tests of package postgres_test, which run against a
// database: pgtest imports this package, so tests inside it cannot.
var (
	GroupLabel   = groupLabel
	QuoteLiteral = quoteLiteral
)
