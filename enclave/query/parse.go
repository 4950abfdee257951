package query

import (
	"errors"
	"strings"
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v6"
	pgparser "github.com/pganalyze/pg_query_go/v6/parser"
)

// MaxStatement is the longest statement Parse reads, in bytes.
const MaxStatement = 64 << 10

// Parse reads one statement of the restricted SQL into a Query (see the
// package comment and docs/queries.md for the subset). The statement is
// parsed by PostgreSQL's own parser (libpg_query); anything outside the
// subset is refused with a *SyntaxError that points at the offending part.
//
// Parse knows no catalogue: with one dataset it qualifies every column,
// with a join it leaves unqualified columns for Validate to resolve. Pass
// the result to Validate before use.
func Parse(sql string) (Query, error) {
	if len(sql) > MaxStatement {
		return Query{}, newSyntaxError(sql, MaxStatement, "the statement is longer than %d bytes", MaxStatement)
	}
	if i := strings.IndexByte(sql, 0); i >= 0 {
		return Query{}, newSyntaxError(sql, i, "the statement holds a NUL character")
	}
	if i := invalidUTF8(sql); i >= 0 {
		return Query{}, newSyntaxError(sql, i, "the statement is not valid UTF-8")
	}
	tree, err := pg.Parse(sql)
	if err != nil {
		return Query{}, parserError(sql, err)
	}
	p := &parser{sql: sql}
	switch {
	case len(tree.Stmts) == 0:
		return Query{}, newSyntaxError(sql, 0, "no statement: write one SELECT ... FROM ... GROUP BY ...")
	case len(tree.Stmts) > 1:
		return Query{}, newSyntaxError(sql, p.firstToken(int(tree.Stmts[1].StmtLocation)), "only one statement is accepted")
	}
	raw := tree.Stmts[0]
	sel := raw.Stmt.GetSelectStmt()
	if sel == nil {
		return Query{}, newSyntaxError(sql, p.firstToken(int(raw.StmtLocation)), "only a SELECT statement is accepted")
	}
	if err := p.selectStmt(sel); err != nil {
		return Query{}, err
	}
	return p.q, nil
}

// parserError turns an error of PostgreSQL's parser into a *SyntaxError.
// Its cursor position counts characters from 1; 0 means none.
func parserError(sql string, err error) error {
	var pe *pgparser.Error
	if !errors.As(err, &pe) {
		return newSyntaxError(sql, 0, "the statement could not be parsed")
	}
	pos := 0
	if pe.Cursorpos > 0 {
		pos = len(sql)
		for n, i := 1, 0; i < len(sql); n++ {
			if n == pe.Cursorpos {
				pos = i
				break
			}
			_, size := utf8.DecodeRuneInString(sql[i:])
			i += size
		}
	}
	return newSyntaxError(sql, pos, "%s", pe.Message)
}

// parser holds the statement being read and the query built from it.
type parser struct {
	sql      string
	q        Query
	scanned  []*pg.ScanToken
	inCohort bool // reading the cohort's subquery, whose dataset is q.Cohort.Dataset
}

// fail refuses the statement at byte offset pos (the start, when pos < 0:
// no location known).
func (p *parser) fail(pos int, format string, args ...any) error {
	return newSyntaxError(p.sql, pos, format, args...)
}

// invalidUTF8 returns the offset of the first byte of s that is not UTF-8,
// or -1.
func invalidUTF8(s string) int {
	for i, r := range s {
		if _, size := utf8.DecodeRuneInString(s[i:]); r == utf8.RuneError && size == 1 {
			return i
		}
	}
	return -1
}

// selectStmt reads the top-level SELECT.
func (p *parser) selectStmt(sel *pg.SelectStmt) error {
	if err := p.clauses(sel); err != nil {
		return err
	}
	datasets, err := p.from(sel)
	if err != nil {
		return err
	}
	p.q.Datasets = datasets
	dims, err := p.targets(sel.TargetList)
	if err != nil {
		return err
	}
	if err := p.where(sel.WhereClause); err != nil {
		return err
	}
	return p.groupBy(sel, dims)
}
