// Package postgres implements the enclave's storage interfaces on PostgreSQL
// with pgx v5. It is the only package that imports pgx. SQL here is plain and
// parameterised; business rules stay in package enclave.
//
// Two roles connect: the owner role runs migrations (Migrate) and owns every
// object; the service role, which the running server uses, holds only the
// privileges that the migrations grant it.
package postgres
