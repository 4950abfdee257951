package web

import (
	"encoding/csv"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
)

// answerView is a released answer laid out as a table.
type answerView struct {
	ID     string
	Answer answer.Answer
	Head   []string
	Dims   int // the first Dims columns are the dimensions' labels
	Rows   [][]answer.TableCell
	Hidden []hiddenCount
	Lists  []listVersion
	Chart  *chart
}

type hiddenCount struct {
	Rule  string
	Cells int
}

type listVersion struct {
	List    string
	Version int
}

// kept returns the session's released answer the path names. Answers are
// only ever in the session of the user they were released to.
func (s *Server) kept(w http.ResponseWriter, r *http.Request, sess *session) (answer.Answer, bool) {
	a, ok := sess.answer(r.PathValue("answerID"))
	if !ok {
		s.fail(w, r, sess, enclave.E(enclave.CodeNotFound, "no such answer in this session; answers are kept until you sign out"))
	}
	return a, ok
}

// answerPage shows a released answer: the table, hidden cells marked by
// the rule that hid them, its chart, and the manifest.
func (s *Server) answerPage(w http.ResponseWriter, r *http.Request, sess *session) {
	a, ok := s.kept(w, r, sess)
	if !ok {
		return
	}
	v := answerView{ID: r.PathValue("answerID"), Answer: a, Dims: len(a.Result.Dimensions), Chart: newChart(a.Result)}
	v.Head, v.Rows = answer.Table(a.Result)
	for _, rule := range slices.Sorted(maps.Keys(a.Manifest.Suppressed)) {
		if n := a.Manifest.Suppressed[rule]; n > 0 {
			v.Hidden = append(v.Hidden, hiddenCount{string(rule), n})
		}
	}
	for _, l := range slices.Sorted(maps.Keys(a.Manifest.OptOutLists)) {
		v.Lists = append(v.Lists, listVersion{l, a.Manifest.OptOutLists[l]})
	}
	s.render(w, r, sess, http.StatusOK, "answer", "Answer", v)
}

// answerCSV downloads the answer's table as the CLI writes it.
func (s *Server) answerCSV(w http.ResponseWriter, r *http.Request, sess *session) {
	a, ok := s.kept(w, r, sess)
	if !ok {
		return
	}
	head, rows := answer.Table(a.Result)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+fileName(a, "csv")+`"`)
	cw := csv.NewWriter(w)
	_ = cw.Write(head)
	for _, row := range rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = c.String()
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
}

// answerJSON downloads the answer exactly as the API returned it.
func (s *Server) answerJSON(w http.ResponseWriter, r *http.Request, sess *session) {
	a, ok := s.kept(w, r, sess)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="`+fileName(a, "json")+`"`)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(a)
}

// fileName names a download after the answer's query hash (hex only).
func fileName(a answer.Answer, ext string) string {
	return "answer-" + strings.TrimPrefix(a.Manifest.QueryHash, "sha256:") + "." + ext
}
