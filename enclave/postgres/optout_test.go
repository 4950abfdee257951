package postgres_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/optout"
)

func TestOptOutLoadSupersedesAtomically(t *testing.T) {
	t.Parallel()
	e := newOptOutEnv(t)
	nums := synthetic(0, 30)
	first := datFile(append(nums[:20], nums[0], nums[1])...) // two duplicates
	rep, err := e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-01", first)
	if err != nil {
		t.Fatal(err)
	}
	want := enclave.OptOutVersion{
		List: optout.ListNDOO, Version: 1, Form: optout.FormDeny, AsOf: rep.Version.AsOf,
		ContentSHA256: hex.EncodeToString(func() []byte { s := sha256.Sum256(first); return s[:] }()),
		LoadedAt:      e.now, LoadedBy: "otto", Lines: 22, Numbers: 22, Duplicates: 2, Entries: 20, KeyVersion: 1, KeyDev: true,
	}
	if rep.Version != want || rep.NoOp || rep.Version.AsOf.String() != "2026-03-01" {
		t.Fatalf("first load:\n got %+v\nwant %+v", rep.Version, want)
	}
	if n := e.count(t, `SELECT count(*) FROM optout_entries`); n != 20 {
		t.Errorf("%d entries stored, want 20", n)
	}

	e.now = e.now.Add(time.Hour)
	rep, err = e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-08", datFile(nums[10:]...))
	if err != nil || rep.Version.Version != 2 || rep.Version.Entries != 20 || rep.NoOp {
		t.Fatalf("second load: %+v, %v", rep, err)
	}
	if n := e.count(t, `SELECT count(*) FROM optout_entries`); n != 20 {
		t.Errorf("%d entries after the second load, want only the current version's 20", n)
	}
	if n := e.count(t, `SELECT count(*) FROM optout_versions WHERE superseded_at IS NOT NULL AND version = 1`); n != 1 {
		t.Error("version 1 was not marked superseded")
	}
	if n := e.count(t, `SELECT count(*) FROM optout_staging`); n != 0 {
		t.Errorf("%d staging rows left behind", n)
	}
	if n := e.count(t, `SELECT count(*) FROM audit_events WHERE kind = 'optout.load'`); n != 2 {
		t.Errorf("%d optout.load events, want 2", n)
	}

	// Type 1 is a separate list with its own versions.
	rep, err = e.load(t, optout.ListType1, optout.FormAllow, "", datFile(nums[:12]...))
	if err != nil || rep.Version.Version != 1 || rep.Version.AsOf.String() != "2026-03-10" {
		t.Fatalf("type1 load (as-of defaults to today): %+v, %v", rep.Version, err)
	}
	cur, err := e.svc.Store.CurrentOptOuts(context.Background())
	if err != nil || len(cur) != 2 || cur[0].List != optout.ListNDOO || cur[0].Version != 2 || cur[1].Form != optout.FormAllow {
		t.Errorf("current = %+v, %v", cur, err)
	}
}

func TestOptOutLoadNoOp(t *testing.T) {
	t.Parallel()
	e := newOptOutEnv(t)
	file := datFile(synthetic(0, 15)...)
	if _, err := e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-01", file); err != nil {
		t.Fatal(err)
	}
	rep, err := e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-01", gzipped(t, file))
	if err != nil || !rep.NoOp || rep.Version.Version != 1 || rep.Version.Entries != 15 {
		t.Fatalf("same file again (gzipped): %+v, %v; want a no-op on version 1", rep, err)
	}
	var body string
	if err := e.db.Super(t).QueryRow(context.Background(),
		`SELECT event->>'body' FROM audit_events WHERE kind = 'optout.load' ORDER BY seq DESC LIMIT 1`).Scan(&body); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, `"noop": true`) {
		t.Errorf("the no-op was not audited as one: %s", body)
	}
	// The same content with a later as-of date, or as the other form, is a new version.
	for i, c := range []struct{ form, asOf string }{{"deny", "2026-03-09"}, {"allow", "2026-03-09"}} {
		rep, err := e.load(t, optout.ListNDOO, optout.Form(c.form), c.asOf, file)
		if err != nil || rep.NoOp || rep.Version.Version != 2+i {
			t.Errorf("%s as of %s: %+v, %v; want version %d", c.form, c.asOf, rep.Version, err, 2+i)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM optout_versions`); n != 3 {
		t.Errorf("%d versions, want 3", n)
	}
}

// TestOptOutLoadRefusals: each refusal names its rule, and nothing changes.
func TestOptOutLoadRefusals(t *testing.T) {
	t.Parallel()
	e := newOptOutEnv(t)
	nums := synthetic(0, 300)
	if _, err := e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-01", datFile(nums[:100]...)); err != nil {
		t.Fatal(err)
	}
	before := e.count(t, `SELECT count(*) FROM audit_events`)
	twoBad := slices.Concat(nums[100:248], []string{"9434765918", "12345"})
	oneBad := slices.Concat(nums[100:299], []string{"9434765918"})
	tests := []struct {
		name, asOf string
		file       []byte
		code       enclave.Code
		reasons    []string
	}{
		{"as-of before the current", "2026-02-28", datFile(nums[100:]...), enclave.CodeConflict, []string{"optout.as_of_earlier"}},
		{"as-of in the future", "2026-03-12", datFile(nums[100:]...), enclave.CodeInvalid, []string{"optout.as_of_future"}},
		{"over 1% invalid", "2026-03-02", datFile(twoBad...), enclave.CodeInvalid,
			[]string{"optout.too_many_invalid", "nhs.checksum", "nhs.length"}},
		{"no valid number", "2026-03-02", []byte("nhs_number\n\n"), enclave.CodeInvalid, []string{"optout.no_numbers"}},
		{"too few distinct numbers", "2026-03-02", datFile(slices.Repeat(nums[:3], 5)...), enclave.CodeInvalid, []string{"optout.too_small"}},
		{"UTF-16", "2026-03-02", []byte("\xff\xfe9\x00"), enclave.CodeInvalid, []string{"file.encoding"}},
		{"corrupt gzip", "2026-03-02", gzipped(t, datFile(nums...))[:100], enclave.CodeInvalid, []string{"file.gzip"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.load(t, optout.ListNDOO, optout.FormDeny, tt.asOf, tt.file)
			var ee *enclave.Error
			if !errors.As(err, &ee) || ee.Code != tt.code {
				t.Fatalf("err = %v, want code %s", err, tt.code)
			}
			var got []string
			for _, r := range ee.Reasons {
				got = append(got, r.Code)
			}
			if !slices.Equal(got, tt.reasons) {
				t.Errorf("reasons %v, want %v", got, tt.reasons)
			}
			for _, n := range nums {
				if strings.Contains(err.Error(), n) {
					t.Fatal("the error holds an NHS number")
				}
			}
		})
	}
	if n := e.count(t, `SELECT count(*) FROM optout_versions`); n != 1 {
		t.Errorf("%d versions after refusals, want 1", n)
	}
	if n := e.count(t, `SELECT count(*) FROM optout_entries`); n != 100 {
		t.Errorf("%d entries after refusals, want 100", n)
	}
	if after := e.count(t, `SELECT count(*) FROM audit_events`); after != before {
		t.Errorf("refusals appended %d audit events", after-before)
	}
	// One invalid line in 200 is within the 1%: loaded, and reported.
	rep, err := e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-02", datFile(oneBad...))
	if err != nil || rep.Version.Entries != 199 || rep.File.Invalid != 1 ||
		!slices.Equal(rep.File.InvalidLines, []optout.InvalidLine{{Line: 200, Reason: "nhs.checksum"}}) {
		t.Errorf("one invalid line: %+v, %v", rep, err)
	}
}
