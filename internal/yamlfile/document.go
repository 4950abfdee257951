package yamlfile

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Document parses data, the text NewReader was given, and returns the
// top-level node of its one document. what names the thing a file holds
// one of, such as "dataset", for the problem of a second document.
func (r *Reader) Document(data []byte, what string) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.Problems = append(r.Problems, Problem{File: r.file, Message: "file is empty"})
		} else {
			r.syntax(err, data)
		}
		return nil, false
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		r.Addf(&next, "", "one %s per file: a second YAML document starts here", what)
		return nil, false
	case !errors.Is(err, io.EOF):
		r.syntax(err, data)
		return nil, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 ||
		doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null" { // "---" alone
		r.Problems = append(r.Problems, Problem{File: r.file, Message: "file is empty"})
		return nil, false
	}
	return doc.Content[0], true
}

// yamlLine matches the position yaml.v3 puts in its syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: line ([0-9]+): `)

// syntax records a YAML syntax error at its line. yaml.v3 counts lines from
// 1 in scanner errors but from 0 in parser errors (and leaves the line out
// when it is 0), and its errors are plain strings, so the parser's problems
// are recognised by their fixed texts (parserc.go). Reader errors (bad
// UTF-8, control characters) carry no line: badByteLine finds it.
func (r *Reader) syntax(err error, data []byte) {
	msg, line := strings.TrimPrefix(err.Error(), "yaml: "), 0
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = err.Error()[len(m[0]):]
	}
	switch {
	case parserProblem(msg):
		line++
	case line == 0:
		line = max(badByteLine(data), 1)
	}
	r.Problems = append(r.Problems, Problem{File: r.file, Line: r.line(line), Message: "not valid YAML: " + msg})
}

func parserProblem(msg string) bool {
	switch msg {
	case "did not find expected <stream-start>", "did not find expected <document start>",
		"did not find expected node content", "did not find expected key",
		"did not find expected '-' indicator", "did not find expected ',' or ']'",
		"did not find expected ',' or '}'", "found duplicate %YAML directive",
		"found incompatible YAML document", "found duplicate %TAG directive",
		"found undefined tag handle":
		return true
	}
	return false
}

// badByteLine returns the line of the first byte that is not valid UTF-8 or
// is a control character YAML refuses, for the parser errors that carry no
// line; 0 when there is none.
func badByteLine(data []byte) int {
	line := 1
	for len(data) > 0 {
		c, size := utf8.DecodeRune(data)
		switch {
		case c == utf8.RuneError && size == 1, c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7f:
			return line
		case c == '\n':
			line++
		}
		data = data[size:]
	}
	return 0
}
