package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/postgres"
)

// bootstrapTTL is the lifetime of a first officer's token: the longest
// allowed, since the officer renews it by rotation and every token the
// officer mints lives within it.
const bootstrapTTL = enclave.MaxTokenTTL

// parseOfficerSeeds reads ENCLAVE_BOOTSTRAP_GOVERNANCE: id=sha256:<hex>
// pairs separated by commas.
func parseOfficerSeeds(s string) ([]enclave.OfficerSeed, error) {
	var seeds []enclave.OfficerSeed
	for _, pair := range strings.Split(s, ",") {
		id, hash, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok {
			return nil, fmt.Errorf("ENCLAVE_BOOTSTRAP_GOVERNANCE: each officer is id=sha256:<hex> (from 'enclave token hash'), separated by commas")
		}
		if err := enclave.ValidatePrincipalID(id); err != nil {
			return nil, fmt.Errorf("ENCLAVE_BOOTSTRAP_GOVERNANCE: %w", err)
		}
		h, err := enclave.ParseTokenFingerprint(hash)
		if err != nil {
			return nil, fmt.Errorf("ENCLAVE_BOOTSTRAP_GOVERNANCE: officer %s: %w", id, err)
		}
		seeds = append(seeds, enclave.OfficerSeed{ID: id, Hash: h})
	}
	return seeds, nil
}

// bootstrapOfficers enrols the first governance officers, connected to the
// database as its owner role at ownerURL, and reports whether it did (it
// does nothing once an officer exists).
func bootstrapOfficers(ctx context.Context, ownerURL string, seeds []enclave.OfficerSeed) (bool, error) {
	db, err := postgres.Open(ctx, ownerURL, 2)
	if err != nil {
		return false, err
	}
	defer db.Close()
	tokens := &enclave.Tokens{
		Store: &postgres.TokenStore{DB: db},
		Audit: &enclave.Audit{Store: &postgres.AuditStore{DB: db}, Now: time.Now},
		Now:   time.Now,
	}
	created, err := tokens.BootstrapOfficers(ctx, seeds, bootstrapTTL)
	if err != nil {
		return false, fmt.Errorf("bootstrap the first governance officers: %w", err)
	}
	return created, nil
}
