package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/internal/synth"
)

// TestRetractThroughTheAPI: an operator asks for a retraction with a
// reason, a governance officer confirms it, and the same file loads
// again; the list of loads shows both, newest first; bad ids, reasons and
// list parameters are clear 400s.
func TestRetractThroughTheAPI(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 30, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(filepath.Join(dir, "patients.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// One line with an NHS number that fails its check digit.
	first, _, _ := strings.Cut(strings.SplitN(string(file), "\n", 3)[1], ",")
	file = append(file, []byte(strings.Replace(strings.SplitN(string(file), "\n", 3)[1], first, "9990000001", 1)+"\n")...)
	load := func() (int, string) {
		status, _, body := api.call(t, enclave.RoleOperator, "POST", "/v1/datasets/patients/loads?mapping=synth_patients", "text/csv", string(file))
		return status, body
	}
	status, body := load()
	var report struct {
		LoadID int64 `json:"load_id"`
	}
	if err := json.Unmarshal([]byte(body), &report); status != http.StatusCreated || err != nil {
		t.Fatalf("load: %d %s", status, body)
	}
	id := fmt.Sprint(report.LoadID)

	for _, c := range []struct{ path, body, want string }{
		{"/v1/loads/abc/retract", `{"reason": "x"}`, "whole number"},
		{"/v1/loads/0/retract", `{"reason": "x"}`, "whole number"},
		{"/v1/loads/" + id + "/retract", `{"why": "x"}`, "unknown field"},
	} {
		status, ctype, body := api.call(t, enclave.RoleOperator, "POST", c.path, "application/json", c.body)
		wantProblem(t, status, ctype, body, http.StatusBadRequest, c.want)
	}
	status, _, body = api.call(t, enclave.RoleOperator, "POST", "/v1/loads/"+id+"/retract", "application/json", `{"reason": "loaded twice by mistake"}`)
	if status != http.StatusOK || !strings.Contains(body, `"state":"pending"`) {
		t.Fatalf("retract: %d %s", status, body)
	}
	status, ctype, body := api.call(t, enclave.RoleOperator, "POST", "/v1/loads/"+id+"/retract/confirm", "application/json", "")
	wantProblem(t, status, ctype, body, http.StatusForbidden, "retraction.self")
	status, _, body = api.call(t, enclave.RoleGovernance, "POST", "/v1/loads/"+id+"/retract/confirm", "application/json", "")
	if status != http.StatusOK || !strings.Contains(body, `"state":"retracted"`) {
		t.Fatalf("confirm: %d %s", status, body)
	}
	status, _, body = api.call(t, enclave.RoleGovernance, "GET", "/v1/loads/"+id, "", "")
	var shown struct {
		Rejects    []ingest.Reject `json:"rejects"`
		FinishedAt *time.Time      `json:"finished_at"`
	}
	if err := json.Unmarshal([]byte(body), &shown); status != http.StatusOK || err != nil || !strings.Contains(body, `"reason":"loaded twice by mistake"`) ||
		len(shown.Rejects) != 1 || shown.Rejects[0].Line != 32 || shown.Rejects[0].Column != "nhs_number" || shown.FinishedAt == nil || strings.Contains(body, "9990000001") {
		t.Errorf("show: %d %s; want its retraction, the one rejected line (32, nhs_number) without its value, and when it finished", status, body)
	}
	if status, body := load(); status != http.StatusCreated || strings.Contains(body, `"duplicate":true`) {
		t.Errorf("reload after the retraction: %d %s; want a new load", status, body)
	}
	status, _, body = api.call(t, enclave.RoleOperator, "GET", "/v1/loads", "", "")
	var list struct {
		Loads []struct {
			LoadID     int64 `json:"load_id"`
			Retraction *struct {
				State string `json:"state"`
			} `json:"retraction"`
		} `json:"loads"`
	}
	if err := json.Unmarshal([]byte(body), &list); status != http.StatusOK || err != nil || len(list.Loads) != 2 ||
		list.Loads[0].Retraction != nil || list.Loads[1].LoadID != report.LoadID || list.Loads[1].Retraction == nil || list.Loads[1].Retraction.State != "retracted" {
		t.Errorf("list: %d %s; want the new load, then the retracted one", status, body)
	}
	for path, want := range map[string]string{"/v1/loads?limit=500": "limit", "/v1/loads?before=0": "before", "/v1/loads?page=2": "unknown query parameter"} {
		status, ctype, body := api.call(t, enclave.RoleOperator, "GET", path, "", "")
		wantProblem(t, status, ctype, body, http.StatusBadRequest, want)
	}
}
