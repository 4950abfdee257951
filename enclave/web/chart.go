package web

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/research-enclave/enclave/enclave/disclosure"
)

// The chart's geometry, in SVG user units: a label column, then the bars.
const (
	chartWidth  = 720
	labelWidth  = 220
	barsWidth   = 400
	barHeight   = 22
	barGap      = 8
	maxBars     = 40 // the table below has every cell
	maxLabelLen = 30
)

// chart is a bar chart of an answer's released counts of people, drawn on
// the server as inline SVG (markup, not script: the page's CSP allows it).
// A hidden cell is a gap marked with the rule that hid it, never a bar.
type chart struct {
	Title, Desc   string
	Width, Height int
	Bars          []bar
	Omitted       int // cells beyond maxBars, in the table only
}

// The geometry the template draws with.
func (chart) LabelX() int    { return labelWidth - 6 }
func (chart) BarX() int      { return labelWidth }
func (chart) GapTextX() int  { return labelWidth + 8 }
func (chart) BarsWidth() int { return barsWidth }
func (chart) BarHeight() int { return barHeight }

// bar is one cell: its label (shortened, the whole in Full) and, when
// released, its width and value.
type bar struct {
	Label, Full, Value, Hidden string
	Y, TextY, Width, ValueX    int
}

// newChart draws the people counts of r; nil when r has no cells.
func newChart(r *disclosure.Result) *chart {
	if len(r.Cells) == 0 {
		return nil
	}
	cells := r.Cells[:min(len(r.Cells), maxBars)]
	var top int64
	hidden := 0
	for _, c := range cells {
		if c.People != nil {
			top = max(top, *c.People)
		} else {
			hidden++
		}
	}
	ch := &chart{
		Title:   "People by " + strings.Join(r.Dimensions, " and "),
		Width:   chartWidth,
		Height:  len(cells)*(barHeight+barGap) + barGap,
		Omitted: len(r.Cells) - len(cells),
	}
	if len(r.Dimensions) == 0 {
		ch.Title = "People"
	}
	ch.Desc = strconv.Itoa(len(cells)-hidden) + " released counts drawn as bars; " + strconv.Itoa(hidden) +
		" hidden cells shown as gaps marked with the rule that hid them. The table gives every number."
	for i, c := range cells {
		b := bar{Full: cellLabel(c.Keys), Y: barGap + i*(barHeight+barGap)}
		b.Label, b.TextY = shorten(b.Full), b.Y+barHeight*3/4
		if c.People == nil {
			b.Hidden = "hidden: " + string(c.Suppressed)
		} else {
			if top > 0 {
				b.Width = int(*c.People * barsWidth / top)
			}
			b.Value, b.ValueX = strconv.FormatInt(*c.People, 10), labelWidth+b.Width+6
		}
		ch.Bars = append(ch.Bars, b)
	}
	return ch
}

// cellLabel joins a cell's keys, as the table shows them.
func cellLabel(keys []disclosure.Key) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k.String()
		if parts[i] == "" {
			parts[i] = "(no value)"
		}
	}
	if len(parts) == 0 {
		return "all"
	}
	return strings.Join(parts, " · ")
}

func shorten(s string) string {
	if utf8.RuneCountInString(s) <= maxLabelLen {
		return s
	}
	return string([]rune(s)[:maxLabelLen-1]) + "…"
}
