// Package colstore keeps research datasets in memory, column by column, and
// answers validated queries from them exactly as the SQL statements of
// enclave/postgres do.
package colstore
