package httpapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// TestProjectChangesSinceApproval: one project's answer says, value by
// value, what changed since the version last approved; null before its
// first approval, and empty again once the change is approved.
func TestProjectChangesSinceApproval(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	id := api.draft(t, standardScope, 5)
	path := "/v1/projects/" + id
	changes := func() []enclave.FieldChange {
		t.Helper()
		status, _, body := api.callAs(t, "gov-b", "GET", path, "")
		var p struct {
			Changes  *[]enclave.FieldChange   `json:"changes_since_approval"`
			Approved *enclave.ApprovedVersion `json:"approved_version"`
		}
		if err := json.Unmarshal([]byte(body), &p); status != http.StatusOK || err != nil {
			t.Fatalf("GET %s: %d %v\n%s", path, status, err, body)
		}
		if (p.Changes == nil) != (p.Approved == nil) {
			t.Fatalf("changes %v but approved version %v", p.Changes, p.Approved)
		}
		if p.Changes == nil {
			return nil
		}
		return *p.Changes
	}
	api.mustAct(t, "gov-a", "POST", path+"/submit", "")
	if got := changes(); got != nil {
		t.Errorf("before any approval: %+v, want null", got)
	}
	api.mustAct(t, "gov-b", "POST", path+"/approve", "")
	api.mustAct(t, "gov-c", "PATCH", path, `{"title":"Obesity in Leeds","scope":{"patients":["sex"]},"reason":"narrower"}`)
	want := []enclave.FieldChange{
		{Field: "title", Approved: "Childhood obesity in Leeds", Now: "Obesity in Leeds"},
		{Field: "scope.patients", Approved: "sex, year_of_birth", Now: "sex", Removed: []string{"year_of_birth"}},
	}
	if got := changes(); !reflect.DeepEqual(got, want) {
		t.Errorf("after a change: %+v, want %+v", got, want)
	}
	api.mustAct(t, "gov-b", "POST", path+"/approve", "")
	if got := changes(); got == nil || len(got) != 0 {
		t.Errorf("after the change is approved: %+v, want none", got)
	}
}
