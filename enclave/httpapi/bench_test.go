package httpapi

import (
	"context"
	"net/http"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// BenchmarkAuthenticatedRequest measures GET /v1/whoami end to end (HTTP,
// token lookup, policy decision, JSON), and, in the same run, the raw SQL
// lookup of the token that the request needs, as the baseline.
func BenchmarkAuthenticatedRequest(b *testing.B) {
	api := newTestAPI(b)
	secret := api.secret[enclave.RoleResearcher]
	hash, _ := enclave.ParseToken(secret)

	b.Run("api", func(b *testing.B) {
		req, _ := http.NewRequest("GET", api.srv.URL+"/v1/whoami", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		for b.Loop() {
			resp, err := http.DefaultClient.Do(req)
			if err != nil || resp.StatusCode != 200 {
				b.Fatal(err, resp.StatusCode)
			}
			resp.Body.Close()
		}
	})
	b.Run("raw-sql", func(b *testing.B) {
		pool := api.db.Open(b).Pool
		for b.Loop() {
			var id, role string
			err := pool.QueryRow(context.Background(), `SELECT p.id, p.role FROM api_tokens t JOIN principals p ON p.id = t.principal_id
				WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now()`, hash[:]).Scan(&id, &role)
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
