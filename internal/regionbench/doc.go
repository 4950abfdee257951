// Package regionbench measures the enclave at the size of an NHS region:
// a synthetic population (internal/synth) of ENCLAVE_BENCH_REGION_PEOPLE
// people (20,000 unless set; 5,500,000 is Yorkshire and Humber) loaded
// through the real ingest path, over HTTP as `enclave ingest` sends it, and
// then every care-pathway question of the demo, and a sum and a mean of each
// numeric measure, asked through the authenticated API (policy, opt-outs,
// disclosure control, differencing ledger, audit) against equivalent
// hand-written SQL with the opt-out exclusion, in the same run. The run ends
// by verifying the whole audit log.
//
// The package holds only its benchmark (`make bench-region`, and the small
// size in `make bench`); ENCLAVE_BENCH_REGION_REPORT names a file to write
// its figures to as the markdown table docs/benchmarks.md shows.
package regionbench
