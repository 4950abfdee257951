package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/internal/config"
)

// BenchmarkAuditVerify measures `enclave audit verify` end to end on a log of
// 1,000,000 events (ENCLAVE_BENCH_AUDIT_EVENTS to change): the server signs a
// checkpoint, streams the export over HTTP, and the client recomputes every
// leaf, every prev_root and the root. The log is bulk-loaded beforehand.
func BenchmarkAuditVerify(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("ENCLAVE_BENCH_AUDIT_EVENTS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	db := pgtest.New(b)
	start := time.Now()
	loadAuditLog(b, db, n)
	b.Logf("loaded %d events in %s", n, time.Since(start).Round(time.Millisecond))

	f := &auditFixture{db: db, serverEnv: serverEnv(b, db)}
	f.start(b, f.serverEnv)
	key, err := runCmd(b, f.operator, "audit", "key")
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(f.auditor)
	if err != nil {
		b.Fatal(err)
	}
	c, err := newClient(cfg)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := audit.VerifyLog(context.Background(), logSource{c}, strings.TrimSpace(key), nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/verify")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// loadAuditLog writes n realistic events straight into audit_events (as the
// owner, with COPY) and sets the tree head, as if the service had appended
// them.
func loadAuditLog(b *testing.B, db *pgtest.DB, n int) {
	ctx := context.Background()
	conn := db.Owner(b)
	defer conn.Close(ctx)
	tree := audit.NewTree()
	body, _ := json.Marshal(map[string]any{"client": audit.FieldHMAC([]byte("k"), "10.0.0.1"), "query_hash": "sha256:0123456789abcdef", "cells": 24})
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	i := 0
	next := func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		root, err := tree.Root()
		if err != nil {
			return nil, err
		}
		ev := audit.Event{
			Seq: uint64(i), Time: t0.Add(time.Duration(i) * time.Second), PrevRoot: root,
			Principal: fmt.Sprintf("researcher-%d", i%300), Role: "researcher", Kind: audit.KindAuditRead,
			TargetType: "project", TargetID: fmt.Sprintf("proj-%d", i%40), Outcome: audit.OutcomeSuccess,
			Decision:  &audit.Decision{Allow: true, Reasons: []string{"role.permitted"}, Revision: "sha256:1ddef61f5a38361a0d37d34acd263091d278115f210483c726f467a3a6532b25"},
			RequestID: fmt.Sprintf("%016x", i), Body: body,
		}
		canonical, err := ev.Canonical()
		if err != nil {
			return nil, err
		}
		leaf := audit.LeafHash(canonical)
		if err := tree.Append(leaf); err != nil {
			return nil, err
		}
		i++
		return []any{int64(ev.Seq), canonical, leaf[:], ev.Time, ev.Principal, ev.Role, string(ev.Kind), ev.TargetType, ev.TargetID, string(ev.Outcome), string(canonical)}, nil
	}
	cols := []string{"seq", "canonical", "leaf_hash", "recorded_at", "principal_id", "role", "kind", "target_type", "target_id", "outcome", "event"}
	if _, err := pgtest.CopyIn(ctx, conn, "audit_events", cols, next); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `UPDATE audit_tree_head SET size = $1, hashes = $2 WHERE id`, int64(tree.Size()), tree.Hashes()); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `ANALYZE audit_events`); err != nil {
		b.Fatal(err)
	}
}
