package answer

import (
	"slices"
	"strconv"

	"github.com/research-enclave/enclave/enclave/disclosure"
)

// TableCell is one value of a released result laid out as a table: its
// text, or the rule that hid it.
type TableCell struct {
	Text   string
	Hidden disclosure.Rule
}

// String is the cell as text: a hidden value reads as the rule that hid it,
// in brackets.
func (c TableCell) String() string {
	if c.Hidden != "" {
		return "[" + string(c.Hidden) + "]"
	}
	return c.Text
}

// Table lays a released result out as a header and rows, as every client
// shows it (the CLI's table and CSV, the web's table and download): the
// dimensions' labels, people, events when the table counts them, then each
// measure. A hidden cell hides its counts and measures; a released cell may
// still hide a measure.
func Table(r *disclosure.Result) (head []string, rows [][]TableCell) {
	head = slices.Clone(r.Dimensions)
	head = append(head, "people")
	events := slices.ContainsFunc(r.Cells, func(c disclosure.Released) bool { return c.Events != nil })
	if events {
		head = append(head, "events")
	}
	for _, m := range r.Measures {
		head = append(head, m.Name)
	}
	for _, c := range r.Cells {
		var row []TableCell
		for _, k := range c.Keys {
			row = append(row, TableCell{Text: k.String()})
		}
		row = append(row, count(c.People, c.Suppressed))
		if events {
			row = append(row, count(c.Events, c.Suppressed))
		}
		for j := range r.Measures {
			switch {
			case c.Suppressed != "":
				row = append(row, TableCell{Hidden: c.Suppressed})
			case j < len(c.Measures) && c.Measures[j].Value != nil:
				row = append(row, TableCell{Text: strconv.FormatFloat(*c.Measures[j].Value, 'g', 6, 64)})
			case j < len(c.Measures):
				row = append(row, TableCell{Hidden: c.Measures[j].Suppressed})
			default:
				row = append(row, TableCell{})
			}
		}
		rows = append(rows, row)
	}
	return head, rows
}

func count(n *int64, hidden disclosure.Rule) TableCell {
	if n == nil {
		return TableCell{Hidden: hidden}
	}
	return TableCell{Text: strconv.FormatInt(*n, 10)}
}
