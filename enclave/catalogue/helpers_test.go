package catalogue

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// aeFile is a valid catalogue file; the rule tests break it one edit at a
// time. Keep its line numbers stable: the tests name them.
const aeFile = `dataset: ae_attendances
version: 3
title: A&E attendances
description: Emergency department attendances
sensitivity: standard
person: pid
disclosure:
  threshold: 10
  rounding: 5
columns:
  - {name: pid, type: pseudonym, role: identifier, description: person pseudonym}
  - {name: arrival_date, type: date, role: dimension}
  - {name: age_band, type: code, role: quasi_identifier, values: ["0-4", "5-9", "10+"]}
  - {name: alcohol_related, type: boolean, role: dimension}
  - {name: diagnosis_code, type: code, role: dimension, pattern: "^[A-Z][0-9]{2}(\\.[0-9])?$"}
  - {name: wait_minutes, type: integer, role: measure, unit: minutes}
  - {name: free_text, type: text, role: never_output}
`

// problems loads fsys and returns the problem lines, failing the test when
// the error is not an *Error.
func problems(t *testing.T, fsys fstest.MapFS) []string {
	t.Helper()
	c, err := Load(fsys)
	if err == nil {
		if c == nil {
			t.Fatal("Load returned neither a catalogue nor an error")
		}
		return nil
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Load error is %T, want *Error: %v", err, err)
	}
	if c != nil {
		t.Error("Load returned a catalogue with an error")
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return lines
}

func file(data string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(data)} }

// ruleCase edits aeFile, replacing the first old with new, and lists the
// problems Load must report.
type ruleCase struct {
	name     string
	old, new string
	want     []string
}

func runRuleCases(t *testing.T, tests []ruleCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := aeFile
			if tt.old != "" {
				if !strings.Contains(data, tt.old) {
					t.Fatalf("the test edit %q is not in aeFile", tt.old)
				}
				data = strings.Replace(data, tt.old, tt.new, 1)
			}
			got := problems(t, fstest.MapFS{"ae_attendances.yaml": file(data)})
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
