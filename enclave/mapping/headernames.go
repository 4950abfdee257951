package mapping

import (
	"fmt"
	"strconv"
	"strings"
)

// Named describes e naming the header's columns, for the provider's own
// machine only: where Error gives the positions of the columns the mapping
// does not cover ("columns 21, 27"), in case the first line is data, Named
// also gives their names from header, the line Bind was given. Nothing
// that sends to the server may use it.
func (e *HeaderError) Named(header []string) string {
	name := func(p int) string {
		if p < 1 || p > len(header) {
			return strconv.Itoa(p)
		}
		return fmt.Sprintf("%d %q", p, header[p-1])
	}
	var lines []string
	for _, m := range e.Missing {
		lines = append(lines, fmt.Sprintf("the mapping names column %q, which the header lacks", m))
	}
	for _, p := range e.Unexpected {
		lines = append(lines, "column "+name(p)+" is not in the mapping: map it to a dataset column, or drop it")
	}
	for _, p := range e.Repeated {
		lines = append(lines, "column "+name(p)+" repeats an earlier column's name")
	}
	return "header does not match mapping " + e.Mapping + ":\n  " + strings.Join(lines, "\n  ")
}
