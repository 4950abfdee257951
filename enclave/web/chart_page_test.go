package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
)

// chartBars is how many cells the chart draws at most.
const chartBars = 40

// TestAnswerChart: the answer page draws the API's released counts as an
// inline SVG bar chart, with a title and description for screen readers,
// and each hidden cell as a gap marked with its rule; the page keeps its
// CSP and holds no script.
func TestAnswerChart(t *testing.T) {
	t.Parallel()
	s, project := withData(t)
	b := s.signedIn(t, enclave.RoleResearcher)
	const byYear = "SELECT year_of_birth, sex, COUNT(DISTINCT person) FROM patients WHERE year_of_birth >= 2021 GROUP BY year_of_birth, sex"
	resp, _ := b.post("/projects/"+project+"/query/run", url.Values{"sql": {byYear}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("run: %d", resp.StatusCode)
	}
	resp, page := b.get(resp.Header.Get("Location"))
	checkHeaders(t, "answer page", resp)
	svg, _, _ := strings.Cut(page[strings.Index(page, "<svg"):], "</svg>")
	if !strings.Contains(svg, `role="img" aria-labelledby="chart-title chart-desc"`) || !strings.Contains(svg, `<desc id="chart-desc">`) {
		t.Errorf("the chart is not labelled for assistive technology:\n%s", svg)
	}
	if strings.Contains(strings.ToLower(page), "<script") {
		t.Error("the answer page holds a script")
	}
	_, rows := answer.Table(s.apiQuery(t, project, byYear).Result)
	if len(rows) > chartBars {
		if !strings.Contains(page, strconv.Itoa(len(rows)-chartBars)+" more are in the table") {
			t.Errorf("%d cells, and the chart does not say that it shows only the first %d", len(rows), chartBars)
		}
		rows = rows[:chartBars]
	}
	hidden := 0
	for _, row := range rows {
		people := row[2]
		if people.Hidden != "" {
			hidden++
			if !strings.Contains(svg, ">hidden: "+string(people.Hidden)+"</text>") {
				t.Errorf("no gap marked %s in the chart", people.Hidden)
			}
			continue
		}
		if !strings.Contains(svg, `<text class="value" x=`) || !strings.Contains(svg, ">"+people.Text+"</text>") {
			t.Errorf("the chart lacks the released count %s", people.Text)
		}
	}
	if hidden == 0 || strings.Count(svg, `<rect class="gap"`) != hidden || strings.Count(svg, `<rect class="bar"`) != len(rows)-hidden {
		t.Errorf("%d hidden of %d cells; the chart has %d gaps and %d bars", hidden, len(rows), strings.Count(svg, `<rect class="gap"`), strings.Count(svg, `<rect class="bar"`))
	}
}
