package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/research-enclave/enclave/enclave"
)

// projectForm is the project form as typed, with its problems by field
// (the keys are the inputs' ids) and those of no one field.
type projectForm struct {
	ID                                        string // empty when creating
	Title, Purpose, Lead, Members, LegalBasis string
	StartDate, ExpiryDate, Scope              string
	Threshold, Rounding, Reason               string
	OutputReview                              bool
	Errors                                    map[string]string
	Problem                                   string
	Reasons                                   []enclave.Reason
}

// formOf is a project as the form shows it: the scope one dataset a line.
func formOf(p enclave.Project) projectForm {
	f := projectForm{ID: p.ID, Title: p.Title, Purpose: p.Purpose, Lead: p.Lead, Members: strings.Join(p.Members, ", "),
		LegalBasis: p.LegalBasis, StartDate: p.StartDate, ExpiryDate: p.ExpiryDate, OutputReview: p.OutputReview,
		Threshold: strconv.Itoa(p.Disclosure.Threshold), Rounding: strconv.Itoa(p.Disclosure.Rounding)}
	lines := make([]string, 0, len(p.Scope))
	for _, ds := range p.Scope.Datasets() {
		lines = append(lines, ds+": "+strings.Join(p.Scope[ds], ", "))
	}
	f.Scope = strings.Join(lines, "\n")
	return f
}

// readProjectForm reads the posted form and parses the fields the page
// must turn into numbers and a scope; the service checks everything else.
func readProjectForm(r *http.Request) (projectForm, enclave.ProjectDraft) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := projectForm{Title: v("title"), Purpose: v("purpose"), Lead: v("lead"), Members: v("members"),
		LegalBasis: v("legal_basis"), StartDate: v("start_date"), ExpiryDate: v("expiry_date"), Scope: v("scope"),
		Threshold: v("threshold"), Rounding: v("rounding"), Reason: v("reason"), OutputReview: v("output_review") == "yes",
		Errors: map[string]string{}}
	d := enclave.ProjectDraft{Title: f.Title, Purpose: f.Purpose, Lead: f.Lead, LegalBasis: f.LegalBasis,
		StartDate: f.StartDate, ExpiryDate: f.ExpiryDate, OutputReview: f.OutputReview,
		Members: strings.FieldsFunc(f.Members, func(c rune) bool { return c == ',' || c == ' ' || c == '\n' || c == '\r' })}
	for k, n := range map[string]*int{"threshold": &d.Disclosure.Threshold, "rounding": &d.Disclosure.Rounding} {
		i, err := strconv.Atoi(v(k))
		if err != nil || i < 1 {
			f.Errors[k] = k + ": enter a whole number of 1 or more"
		}
		*n = i
	}
	scope, err := parseScope(f.Scope)
	if err != nil {
		f.Errors["scope"] = err.Error()
	}
	d.Scope = scope
	return f, d
}

// parseScope reads one dataset a line, "dataset: column, column", as the
// CLI's --scope does.
func parseScope(text string) (enclave.Scope, error) {
	s := enclave.Scope{}
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		ds, cols, ok := strings.Cut(line, ":")
		ds = strings.TrimSpace(ds)
		if !ok || ds == "" || strings.TrimSpace(cols) == "" {
			return nil, fmt.Errorf("scope: write each dataset on its own line as dataset: column, column (not %q)", strings.TrimSpace(line))
		}
		if _, dup := s[ds]; dup {
			return nil, fmt.Errorf("scope: dataset %s is given twice", ds)
		}
		for c := range strings.SplitSeq(cols, ",") {
			if c = strings.TrimSpace(c); c != "" {
				s[ds] = append(s[ds], c)
			}
		}
	}
	return s, nil
}

// fieldOfMessage names the input a service's message is about: the
// service's messages begin with the field's API name.
var fieldOfMessage = map[string]string{
	"title": "title", "purpose": "purpose", "lead": "lead", "member": "members", "legal_basis": "legal_basis",
	"start_date": "start_date", "expiry_date": "expiry_date", "scope": "scope", "disclosure.threshold": "threshold",
	"reason": "reason",
}

// problem puts an invalid or refused project on the form, by field where
// the message names one; any other failure is the caller's to show.
func (f *projectForm) problem(err error) bool {
	var e *enclave.Error
	code := enclave.ErrorCode(err)
	if code != enclave.CodeInvalid && code != enclave.CodeForbidden && code != enclave.CodeConflict || !errors.As(err, &e) {
		return false
	}
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	word, _, _ := strings.Cut(e.Message, " ")
	if field, ok := fieldOfMessage[strings.TrimSuffix(word, ":")]; ok && len(e.Reasons) == 0 {
		f.Errors[field] = e.Message
		return true
	}
	f.Problem, f.Reasons = e.Message, e.Reasons
	return true
}

// Fields lists the inputs with a problem, in the form's order, for the
// summary at its top.
func (f projectForm) Fields() []string {
	order := []string{"title", "purpose", "lead", "members", "legal_basis", "start_date", "expiry_date", "scope", "threshold", "rounding", "reason"}
	return slices.DeleteFunc(order, func(k string) bool { _, ok := f.Errors[k]; return !ok })
}
