package postgres_test

import (
	"context"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/research-enclave/enclave/enclave/colstore"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// TestHashFloat4MatchesPostgres: colstore.HashFloat4 returns what the
// server's hashfloat4extended returns, for special values, a seeded spread
// of bit patterns and the seeds contributionKeys uses, so that contribution
// keys worked out in Go match those the SQL statements make.
func TestHashFloat4MatchesPostgres(t *testing.T) {
	t.Parallel()
	values := []float32{0, float32(math.Copysign(0, -1)), 1, -1, float32(math.NaN()),
		float32(math.Inf(1)), float32(math.Inf(-1)), math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32,
		math.MaxFloat32, -math.MaxFloat32, 0.1, 123.456, -42.5, 1e-30, 3e20}
	r := rand.New(rand.NewPCG(1, 2))
	for len(values) < 4000 {
		v := math.Float32frombits(r.Uint32())
		if v == v { // the one NaN is above
			values = append(values, v)
		}
	}
	seeds := []int64{0, 1, -1, math.MinInt64, math.MaxInt64, 1 << 32}
	for _, ref := range []string{"ae_attendances.wait_minutes", "gp_events.bmi", "gp_events.egfr", "social_care.weekly_cost"} {
		h := fnv.New64a()
		h.Write([]byte(ref))
		seeds = append(seeds, int64(h.Sum64()>>1))
	}
	var vs []float32
	var ss []int64
	for _, s := range seeds {
		for _, v := range values {
			vs, ss = append(vs, v), append(ss, s)
		}
	}
	conn := pgtest.New(t).Super(t)
	rows, err := conn.Query(context.Background(), `SELECT hashfloat4extended(v, s)
		FROM unnest($1::real[], $2::bigint[]) WITH ORDINALITY AS u(v, s, i) ORDER BY i`, vs, ss)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i, bad := 0, 0
	for rows.Next() {
		var got int64
		if err := rows.Scan(&got); err != nil {
			t.Fatal(err)
		}
		if i >= len(vs) {
			t.Fatalf("more rows than the %d values", len(vs))
		}
		if want := colstore.HashFloat4(vs[i], ss[i]); uint64(got) != want {
			if bad++; bad <= 10 {
				t.Errorf("HashFloat4(%v [%#08x], %d) = %#016x, PostgreSQL says %#016x",
					vs[i], math.Float32bits(vs[i]), ss[i], want, uint64(got))
			}
		}
		i++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if i != len(vs) {
		t.Fatalf("%d rows for %d values", i, len(vs))
	}
	if bad > 0 {
		t.Errorf("%d of %d hashes differ from PostgreSQL's", bad, len(vs))
	}
}
