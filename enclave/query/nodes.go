package query

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// offsetOf returns the byte offset in the statement of a parse-tree node: its
// own location when the parser recorded one, else the smallest location of
// the nodes inside it (a JOIN has none of its own, for example), else -1.
func offsetOf(m proto.Message) int {
	r := m.ProtoReflect()
	if !r.IsValid() {
		return -1
	}
	if fd := r.Descriptor().Fields().ByName("location"); fd != nil && fd.Kind() == protoreflect.Int32Kind {
		if l := int(r.Get(fd).Int()); l >= 0 {
			return l
		}
	}
	best := -1
	consider := func(v protoreflect.Value) {
		if l := offsetOf(v.Message().Interface()); l >= 0 && (best < 0 || l < best) {
			best = l
		}
	}
	r.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Message() == nil || fd.IsMap():
		case fd.IsList():
			for i := range v.List().Len() {
				consider(v.List().Get(i))
			}
		default:
			consider(v)
		}
		return true
	})
	return best
}

// tokens splits the statement with PostgreSQL's own scanner, once, for the
// few clauses whose keyword the parse tree does not locate (DISTINCT, ORDER
// BY, a JOIN's type). Comments are dropped.
func (p *parser) tokens() []*pg.ScanToken {
	if p.scanned == nil {
		p.scanned = []*pg.ScanToken{}
		if r, err := pg.Scan(p.sql); err == nil {
			for _, t := range r.Tokens {
				if t.Token != pg.Token_SQL_COMMENT && t.Token != pg.Token_C_COMMENT {
					p.scanned = append(p.scanned, t)
				}
			}
		}
	}
	return p.scanned
}

// keywordBefore returns the offset of the last token before pos spelt as
// one of words (in any case), or fallback when there is none. String
// constants, quoted identifiers and comments never match.
func (p *parser) keywordBefore(pos, fallback int, words ...string) int {
	found := fallback
	for _, t := range p.tokens() {
		if int(t.Start) >= pos {
			break
		}
		if p.spelt(t, words) {
			found = int(t.Start)
		}
	}
	return found
}

// keywordAfter returns the offset of the first token at or after pos spelt
// as one of words (in any case), or fallback when there is none.
func (p *parser) keywordAfter(pos, fallback int, words ...string) int {
	for _, t := range p.tokens() {
		if int(t.Start) < pos {
			continue
		}
		if p.spelt(t, words) {
			return int(t.Start)
		}
	}
	return fallback
}

// firstToken returns the offset of the first token at or after pos, skipping
// blanks and comments, or pos when there is none.
func (p *parser) firstToken(pos int) int {
	for _, t := range p.tokens() {
		if int(t.Start) >= pos {
			return int(t.Start)
		}
	}
	return pos
}

// strs returns the names of a list of String nodes (a qualified name, an
// operator), or nil when an item is something else.
func strs(ns []*pg.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		s := n.GetString_()
		if s == nil {
			return nil
		}
		out[i] = s.Sval
	}
	return out
}

// spelt reports whether token t is written as one of words, in any case.
func (p *parser) spelt(t *pg.ScanToken, words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.EqualFold(p.sql[t.Start:t.End], w) })
}
