package vault_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/research-enclave/enclave/pseudonym/vault"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// BenchmarkTransitHMAC measures HMACs per second for 100,000 messages
// through the real client against the double, for each batch size and
// number of requests in flight, with no added latency and with a simulated
// 2 ms round trip (a LAN hop to Vault plus Vault's own work). The double runs
// on the same machine as the client, so with no latency the figures say how
// much the client side (JSON, base64, HTTP) costs; with latency they show
// what batching and concurrency hide.
//
//	go test -run '^$' -bench TransitHMAC -benchtime 3x ./pseudonym/vault/
func BenchmarkTransitHMAC(b *testing.B) {
	const n = 100_000
	msgs := messages(n)
	for _, rtt := range []time.Duration{0, 2 * time.Millisecond} {
		for _, batch := range []int{100, 500, 1000, 5000} {
			for _, inFlight := range []int{1, 2, 4, 8} {
				name := fmt.Sprintf("rtt=%v/batch=%d/inflight=%d", rtt, batch, inFlight)
				b.Run(name, func(b *testing.B) {
					s := vaulttest.NewServer(b)
					s.CreateKey(b, "pid", "hmac")
					s.Delay(rtt)
					c, err := vault.NewClient(vault.Config{Address: s.Addr(), Token: s.Token()})
					if err != nil {
						b.Fatal(err)
					}
					h, err := vault.NewTransitHMAC(b.Context(), c, "pid", 1, vault.TransitOptions{BatchSize: batch, InFlight: inFlight})
					if err != nil {
						b.Fatal(err)
					}
					for b.Loop() {
						if _, err := h.HMAC(b.Context(), msgs); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "hmac/s")
				})
			}
		}
	}
}
