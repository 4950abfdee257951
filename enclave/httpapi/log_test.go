package httpapi

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/research-enclave/enclave/enclave"
)

// TestLogsAndMetricsCarryNoRequestData sends tokens, query strings, headers
// and bodies, and checks that none of them reaches the log or a metric label.
func TestLogsAndMetricsCarryNoRequestData(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	const marker = "9434765919" // a valid NHS number from the public test range
	api.call(t, enclave.RoleOperator, "POST", "/v1/tokens?nhs="+marker, "application/json", `{"principal":"`+marker+`","role":"researcher","description":"`+marker+`"}`)
	api.call(t, enclave.RoleResearcher, "GET", "/v1/tokens?principal="+marker, "", "")
	api.call(t, enclave.RoleAnonymous, "GET", "/v1/"+marker, "", "")
	req, _ := http.NewRequest("GET", api.srv.URL+"/v1/whoami", nil)
	req.Header.Set("Authorization", "Bearer enclave_"+marker)
	req.Header.Set("X-Request-Id", marker)
	api.do(t, req)

	logs := api.log.String()
	if !strings.Contains(logs, `"route":"/v1/tokens"`) || !strings.Contains(logs, `"principal":"otto"`) {
		t.Errorf("access log lacks route pattern or principal:\n%s", logs)
	}
	forbidden := append([]string{marker}, api.secret[enclave.RoleOperator], api.secret[enclave.RoleResearcher])
	for _, f := range forbidden {
		if strings.Contains(logs, f) {
			t.Errorf("log contains %q:\n%s", f, logs)
		}
	}
	families, err := api.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if strings.Contains(l.GetValue(), marker) {
					t.Errorf("metric %s label %s=%q carries request data", f.GetName(), l.GetName(), l.GetValue())
				}
			}
		}
	}
}

func TestPanicBecomesProblem(t *testing.T) {
	t.Parallel()
	log := &syncBuffer{}
	s := &Server{Config: Config{Logger: slog.New(slog.NewJSONHandler(log, nil)), MaxBodyBytes: 1024, RequestTimeout: time.Second}}
	s.metrics = newMetrics(prometheus.NewRegistry())
	h := s.requestID(s.recoverPanic(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom at secret place") })))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "boom") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Errorf("panic answer: %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(log.String(), "boom") {
		t.Errorf("panic not logged: %s", log)
	}
}
