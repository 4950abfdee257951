package answer

import (
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// Manifest says exactly what an answer is: the question, the data and
// policy it came from, the opt-out lists and key behind it, and what
// disclosure control did to it. It is released with the answer and kept in
// the audit log.
type Manifest struct {
	Project         string         `json:"project"`
	QueryHash       string         `json:"query_hash"`
	Query           query.Query    `json:"query"`
	DatasetVersions map[string]int `json:"dataset_versions"`
	// DataRevisions names the rows each dataset held when the answer was
	// computed (its live loads), so that two answers over different data
	// never share a description of it.
	DataRevisions      map[string]string       `json:"data_revisions"`
	CatalogueRevision  string                  `json:"catalogue_revision"`
	PolicyRevision     string                  `json:"policy_revision"`
	OptOutLists        map[string]int          `json:"optout_lists"` // list -> version applied
	KeyVersion         int                     `json:"key_version"`
	KeyDev             bool                    `json:"key_dev,omitempty"`
	Rules              disclosure.Rules        `json:"rules"`
	Totals             disclosure.Totals       `json:"totals"`
	Suppressed         map[disclosure.Rule]int `json:"suppressed"`
	MeasuresSuppressed map[disclosure.Rule]int `json:"measures_suppressed"`
	Zeros              int                     `json:"zeros"`
	Cells              int                     `json:"cells"`
	Time               time.Time               `json:"time"`

	// asked is the query as the audit log records it (Service.asked).
	asked map[string]any
}

func (s *Service) manifest(projectID string, q query.Query, hash string, p enclave.Permit, raw Raw, res *disclosure.Result) Manifest {
	dv := map[string]int{}
	for _, ds := range q.Datasets {
		if d, ok := s.cat.Dataset(ds); ok {
			dv[ds] = d.Version
		}
	}
	if q.Cohort != nil {
		if d, ok := s.cat.Dataset(q.Cohort.Dataset); ok {
			dv[d.Name] = d.Version
		}
	}
	key := raw.key()
	return Manifest{
		Project: projectID, QueryHash: hash, Query: q, DatasetVersions: dv, DataRevisions: raw.DataRevisions,
		CatalogueRevision: s.cat.Revision(), PolicyRevision: p.Decision.Revision,
		OptOutLists: raw.OptOutVersions, KeyVersion: key.Version, KeyDev: key.Dev,
		Rules: res.Rules, Totals: res.Totals, Suppressed: res.Suppressed, MeasuresSuppressed: res.MeasuresSuppressed,
		Zeros: res.Zeros, Cells: len(res.Cells), Time: s.Now().UTC(), asked: s.asked(q),
	}
}

// auditBody is the manifest as the audit log keeps it, with the query as
// asked records it.
func (m Manifest) auditBody() map[string]any {
	rules := map[string]any{}
	for r, n := range m.Suppressed {
		rules[string(r)] = n
	}
	return map[string]any{
		"query_hash": m.QueryHash, "query": m.asked["query"], "dataset_versions": m.DatasetVersions,
		"data_revisions":     m.DataRevisions,
		"catalogue_revision": m.CatalogueRevision, "optout_lists": m.OptOutLists,
		"key_version": m.KeyVersion, "threshold": m.Rules.Threshold, "rounding": m.Rules.Rounding,
		"mode": string(m.Rules.Mode), "magnitude": m.Rules.Magnitude,
		"totals": string(m.Totals), "suppressed": rules, "zeros": m.Zeros, "cells": m.Cells,
	}
}
