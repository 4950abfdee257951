package mapping

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/research-enclave/enclave/enclave/csvsource"
	"github.com/research-enclave/enclave/internal/yamlfile"
)

// maxLookupProblems is how many problems one lookup file reports by line;
// the rest are counted.
const maxLookupProblems = 10

// lookup reads a postcode lookup file: CSV (plain or gzip) with a header
// naming at least the postcode and area columns. Postcodes are normalised
// and must be unique; every area must fit the target column. Problems name
// the lookup file's lines, never their values.
func (d *decoder) lookup(rel string, n *yaml.Node, field, pcName, areaName string, col *column) map[string]any {
	if !fs.ValidPath(rel) || rel == "." {
		d.Addf(n, field, "%s must be a path relative to the mapping file, inside its directory, written with /", yamlfile.Quote(rel))
		return nil
	}
	name := path.Join(d.dir, rel)
	f, err := d.fsys.Open(name)
	if err != nil {
		d.Addf(n, field, "cannot read the lookup file: %v", err)
		return nil
	}
	defer f.Close()
	d.sum.Write([]byte(rel))
	d.sum.Write([]byte{0})
	defer d.sum.Write([]byte{0})
	lk := lookupFile{file: d.display(name), areas: make(map[string]any)}
	out, err := lk.read(io.TeeReader(f, d.sum), pcName, areaName, col)
	d.Problems = append(d.Problems, lk.probs...)
	if err != nil {
		if !errors.Is(err, errReported) {
			d.Problems = append(d.Problems, Problem{File: lk.file, Message: err.Error()})
		}
		return nil
	}
	if lk.bad > maxLookupProblems {
		d.Problems = append(d.Problems, Problem{File: lk.file, Message: fmt.Sprintf("%d more problems not listed", lk.bad-maxLookupProblems)})
	}
	if len(out) == 0 && lk.bad == 0 {
		d.Problems = append(d.Problems, Problem{File: lk.file, Message: "lists no postcodes"})
	}
	return out
}

// errReported says the problem is already among the lookup file's problems.
var errReported = errors.New("reported")

// lookupFile collects one lookup file's problems and its distinct areas,
// so that each area is held once however many postcodes share it.
type lookupFile struct {
	file  string
	probs []Problem
	bad   int
	areas map[string]any
}

func (lk *lookupFile) report(line int, format string, args ...any) {
	if lk.bad++; lk.bad <= maxLookupProblems {
		lk.probs = append(lk.probs, Problem{File: lk.file, Line: line, Message: fmt.Sprintf(format, args...)})
	}
}

// read reads the rows; an error means the file could not be read at all.
func (lk *lookupFile) read(r io.Reader, pcName, areaName string, col *column) (map[string]any, error) {
	src, err := csvsource.Open(r, csvsource.Options{})
	if err != nil {
		return nil, err
	}
	header := src.Header()
	pi, ai := slices.Index(header, pcName), slices.Index(header, areaName)
	for _, c := range []struct {
		i          int
		name, here string
	}{{pi, pcName, "postcode_column"}, {ai, areaName, "area_column"}} {
		if c.i < 0 {
			lk.probs = append(lk.probs, Problem{File: lk.file, Line: 1,
				Message: fmt.Sprintf("the header has no column %s (name it with %s)", yamlfile.Quote(c.name), c.here)})
			return nil, errReported
		}
	}
	out := make(map[string]any)
	for {
		rec, err := src.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if rec.Reject != nil {
			lk.report(rec.Line, "row refused (%s)", rec.Reject.Reason)
			continue
		}
		lk.add(out, rec, pi, ai, col)
	}
}

// add adds one row's postcode and area.
func (lk *lookupFile) add(out map[string]any, rec csvsource.Record, pi, ai int, col *column) {
	var buf [8]byte
	n, ok := normalPostcode(trim(rec.Fields[pi]), &buf)
	if !ok {
		lk.report(rec.Line, "postcode is not a UK postcode")
		return
	}
	if _, dup := out[string(buf[:n])]; dup {
		lk.report(rec.Line, "postcode is listed on an earlier line too")
		return
	}
	area := trim(rec.Fields[ai])
	if area == "" {
		lk.report(rec.Line, "area is empty")
		return
	}
	if _, reason := col.rule.check(area); reason != "" {
		lk.report(rec.Line, "area does not fit column %s: %s (%s)", col.target, reason.text(), reason)
		return
	}
	boxed, seen := lk.areas[area]
	if !seen {
		area = strings.Clone(area) // not the whole line the reader allocated
		boxed = area
		lk.areas[area] = boxed
	}
	out[string(buf[:n])] = boxed
}
