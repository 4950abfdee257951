package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// BenchmarkAuditAppend measures audit appends, each in its own transaction,
// with 1 and 8 concurrent writers, against the baseline of a plain INSERT of
// the same canonical rows (no tree, no lock) into a table of the same shape,
// measured in the same run. It also reports the size on disk per event.
func BenchmarkAuditAppend(b *testing.B) {
	db := pgtest.New(b)
	pool := db.Open(b)
	super := db.Super(b)
	if _, err := super.Exec(context.Background(), `
		CREATE TABLE plain_events (LIKE audit_events INCLUDING ALL);
		GRANT INSERT ON plain_events TO `+pgtest.ServiceRole); err != nil {
		b.Fatal(err)
	}
	store := &postgres.AuditStore{DB: pool}
	a := &enclave.Audit{Store: store, Now: time.Now}
	event := func(i int64) audit.Event {
		actor := enclave.Actor{Principal: enclave.Principal{ID: fmt.Sprintf("researcher-%d", i%50), Role: enclave.RoleResearcher}, RequestID: "0123456789abcdef"}
		return a.Event(actor, audit.KindAuditRead, "project", "proj-0042", audit.OutcomeSuccess,
			&enclave.Decision{Allow: true, Reasons: []enclave.Reason{{Code: "role.permitted"}}, Revision: "sha256:0000"},
			map[string]any{"query_hash": "sha256:abcdef0123456789", "cells": 24, "suppressed": 3})
	}
	var seq atomic.Int64
	plain := func(ctx context.Context, i int64) error {
		canonical, _ := event(i).Canonical()
		return pgx.BeginTxFunc(ctx, pool.Pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO plain_events (seq, canonical, leaf_hash, recorded_at, principal_id, role, kind, target_type, target_id, outcome, event)
				VALUES ($1, $2, $3, now(), 'r', 'researcher', 'audit.read', 'project', 'p', 'success', convert_from($2, 'UTF8')::jsonb)`,
				seq.Add(1), canonical, make([]byte, 32))
			return err
		})
	}
	appendOne := func(ctx context.Context, i int64) error { return store.Record(ctx, event(i)) }

	for _, writers := range []int{1, 8} {
		for _, c := range []struct {
			name string
			fn   func(context.Context, int64) error
		}{{"plain-insert", plain}, {"audit-append", appendOne}} {
			b.Run(fmt.Sprintf("%s/writers=%d", c.name, writers), func(b *testing.B) {
				runConcurrently(b, writers, c.fn)
			})
		}
	}
	reportSize(b, pool.Pool)
}

// runConcurrently runs b.N calls of fn spread over writers goroutines and
// reports appends per second.
func runConcurrently(b *testing.B, writers int, fn func(context.Context, int64) error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	b.ResetTimer()
	for range writers {
		wg.Go(func() {
			for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
				if err := fn(context.Background(), i); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "appends/s")
}

func reportSize(b *testing.B, pool *pgxpool.Pool) {
	var bytes, rows int64
	err := pool.QueryRow(context.Background(), `SELECT pg_total_relation_size('audit_events'), (SELECT count(*) FROM audit_events)`).Scan(&bytes, &rows)
	if err != nil || rows == 0 {
		return
	}
	b.Logf("audit_events: %d events, %d bytes on disk with indexes (%.0f bytes per event)", rows, bytes, float64(bytes)/float64(rows))
}
