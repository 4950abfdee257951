package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// TestPostgresRestart stops PostgreSQL under a running server while
// researchers' queries run, and starts it again on the same port. While it
// is down every query is answered, promptly, with a problem+json 503 (never
// a 500, never a hang), and /readyz says the database check fails and why.
// Once it is back the server answers again by itself, without a restart.
func TestPostgresRestart(t *testing.T) {
	t.Parallel()
	pg := pgtest.Own(t)
	env := append(serverEnv(t, pg.DB), "ENCLAVE_KEY_SOURCE=dev",
		"ENCLAVE_PSEUDONYM_KEY="+base64.StdEncoding.EncodeToString([]byte("a-restart-test-key-of-32-bytes!!")))
	srv := start(t, []string{"server"}, env)
	addr := srv.waitFor(t, servingRe, srv.stderr)
	operator := []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + srv.waitFor(t, bootstrapRe, srv.stdout)}
	p := newProject(t, pg.DB, operator)
	if out, err := runCmd(t, operator, "ingest", "--quiet", "--dataset", "patients", "--mapping", "synth_patients", patientsCSV(t, 1)); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	url := "http://" + addr + "/v1/projects/" + p.id + "/queries"
	token := strings.TrimPrefix(p.researcher[1], "ENCLAVE_TOKEN=")
	body := `{"sql": "SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex"}`
	if code, _, b := call(t, "POST", url, token, body); code != http.StatusOK {
		t.Fatalf("a query before the restart: %d %s", code, b)
	}

	// Four researchers ask questions in a loop throughout.
	var (
		mu      sync.Mutex
		seen    = map[string]int{} // "status content-type" of every answer
		slowest time.Duration
		details = map[string]int{} // the 503s' details
		stop    = make(chan struct{})
		wg      sync.WaitGroup
	)
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				began := time.Now()
				code, ctype, answer, err := send("POST", url, token, body)
				what := fmt.Sprintf("%d %s", code, ctype)
				if err != nil {
					what = "no answer: " + err.Error()
				}
				mu.Lock()
				if code == http.StatusServiceUnavailable {
					var p struct{ Detail string }
					_ = json.Unmarshal([]byte(answer), &p)
					details[p.Detail]++
				}
				seen[what]++
				slowest = max(slowest, time.Since(began))
				mu.Unlock()
			}
		})
	}
	answered := func(what string) int {
		mu.Lock()
		defer mu.Unlock()
		return seen[what]
	}
	unavailable := "503 application/problem+json"
	pg.Stop(t)
	eventually(t, time.Minute, "a 503 to a query", func() bool { return answered(unavailable) > 0 })
	code, ready := readyz(t, addr)
	if code != http.StatusServiceUnavailable || !strings.Contains(ready, `"database":"failing"`) ||
		!strings.Contains(ready, `"database":"the database refuses connections: is PostgreSQL running?"`) {
		t.Errorf("/readyz with PostgreSQL down = %d %s", code, ready)
	}
	pg.Start(t)
	before := answered("200 application/json")
	eventually(t, time.Minute, "queries answered again", func() bool { return answered("200 application/json") > before+10 })
	close(stop)
	wg.Wait()
	if code, ready := readyz(t, addr); code != http.StatusOK {
		t.Errorf("/readyz after PostgreSQL came back = %d %s", code, ready)
	}
	for what, n := range seen {
		if what != unavailable && what != "200 application/json" {
			t.Errorf("%d answers were %s, want only 200s and problem+json 503s", n, what)
		}
	}
	// A query that hung would end at the request deadline with another
	// detail, or get no answer at all (seen above). One computed as the
	// database went is not released unaudited, and one whose run failed
	// as it went, and whose failure then could not be recorded, says so.
	for detail, n := range details {
		if detail != "the database is unavailable" && detail != "the answer could not be audited, so it is not released" &&
			detail != "the failure could not be audited" {
			t.Errorf("%d 503s said %q, want the database is unavailable", n, detail)
		}
	}
	t.Logf("answers: %v; slowest %s; 503s: %v", seen, slowest, details)
}
