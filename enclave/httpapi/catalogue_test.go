package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/reload"
)

// TestReloadRoute: an operator's reload answers the revisions in force; a
// refused one is a problem with a reason for every problem in the files,
// and the catalogue served stays the old one.
func TestReloadRoute(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	status, _, body := api.call(t, enclave.RoleOperator, "POST", "/v1/catalogue/reload", "", "")
	var res reload.Result
	if status != http.StatusOK || json.Unmarshal([]byte(body), &res) != nil || res.Changed || res.Catalogue.New == "" || len(res.Mappings) == 0 {
		t.Fatalf("reload of the same files: %d %s; want 200, nothing changed, every revision", status, body)
	}
	_, _, served := api.call(t, enclave.RoleResearcher, "GET", "/v1/catalogue", "", "")
	if !strings.Contains(served, res.Catalogue.New) {
		t.Errorf("the catalogue served is not revision %s", res.Catalogue.New)
	}

	api.reload.Read = func() (*reload.Files, error) {
		return nil, errors.New("x.yaml:2: version: must be a whole number\ny.mapping.yaml:7: columns[0].source: required")
	}
	status, _, body = api.call(t, enclave.RoleOperator, "POST", "/v1/catalogue/reload", "", "")
	var p struct {
		Detail  string           `json:"detail"`
		Reasons []enclave.Reason `json:"reasons"`
	}
	if status != http.StatusBadRequest || json.Unmarshal([]byte(body), &p) != nil || len(p.Reasons) != 2 ||
		p.Reasons[0].Code != reload.RefusedFiles || p.Reasons[1].Message != "y.mapping.yaml:7: columns[0].source: required" || !strings.Contains(p.Detail, "old ones stay in force") {
		t.Fatalf("reload of broken files: %d %s; want 400 with both problems as reasons", status, body)
	}
	if _, _, again := api.call(t, enclave.RoleResearcher, "GET", "/v1/catalogue", "", ""); again != served {
		t.Error("a refused reload changed the catalogue served")
	}
}
