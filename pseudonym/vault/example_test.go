package vault_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/pseudonym"
	"github.com/research-enclave/enclave/pseudonym/vault"
)

// The vault-transit key source: pseudonymise a batch of normalised,
// domain-separated identifiers with the pinned version of the transit key.
func ExampleNewTransitHMAC() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	token, err := os.ReadFile("/run/secrets/vault-token") // written by Vault Agent
	if err != nil {
		log.Fatal(err)
	}
	client, err := vault.NewClient(vault.Config{Address: "https://vault.internal:8200", Token: string(token)})
	if err != nil {
		log.Fatal(err)
	}
	// Version 3 is the version the data already in the enclave was made with.
	pids, err := vault.NewTransitHMAC(ctx, client, vault.DefaultHMACKey, 3, vault.TransitOptions{})
	if err != nil {
		log.Fatal(err) // missing key, unknown version, no permission, Vault down
	}
	macs, err := pids.HMAC(ctx, [][]byte{[]byte("nhs:9434765919"), []byte("nhs:4010232137")})
	if err != nil {
		log.Fatal(err) // all or nothing: no HMACs came back
	}
	fmt.Println(len(macs), pids.KeyVersion())
}

// The vault-transit key source as the pseudonym.Pseudonymiser that ingest
// and opt-out loads use.
func ExampleNewTransitPseudonymiser() {
	ctx := context.Background()
	client, err := vault.NewClient(vault.Config{Address: "https://vault.internal:8200", Token: os.Getenv("ENCLAVE_VAULT_TOKEN")})
	if err != nil {
		log.Fatal(err)
	}
	h, err := vault.NewTransitHMAC(ctx, client, vault.DefaultHMACKey, 1, vault.TransitOptions{})
	if err != nil {
		log.Fatal(err)
	}
	var ps pseudonym.Pseudonymiser = vault.NewTransitPseudonymiser(h)
	nhs, err := pseudonym.ParseNHSNumber("943 476 5919")
	if err != nil {
		log.Fatal(err)
	}
	pids, err := ps.Pseudonymise(ctx, []pseudonym.Identifier{pseudonym.NHS(nhs)})
	if err != nil {
		log.Fatal(err) // names no identifier: Vault sealed, unreachable, denied
	}
	fmt.Println(len(pids), ps.KeyVersion())
}

// Audit checkpoints signed by Vault, verifiable offline with the published
// verifier key.
func ExampleNewTransitSigner() {
	ctx := context.Background()
	client, err := vault.NewClient(vault.Config{Address: "https://vault.internal:8200", Token: os.Getenv("ENCLAVE_VAULT_TOKEN")})
	if err != nil {
		log.Fatal(err)
	}
	signer, err := vault.NewTransitSigner(ctx, client, vault.DefaultMount, vault.DefaultSigningKey, "enclave.example/audit", 1, 10*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("publish:", signer.VerifierKey())
	signed, err := note.Sign(&note.Note{Text: "enclave.example/audit\n42\n<root hash>\n"}, signer)
	if err != nil {
		log.Fatal(err)
	}
	os.Stdout.Write(signed)
}
