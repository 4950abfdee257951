package postgres

import "strings"

// quoteLiteral writes s as an SQL string constant, for the service's own
// text only: catalogue titles, labels and date formats in statements that
// take no parameters or must repeat an expression exactly. A researcher's
// value is always a bound parameter, never quoted here.
//
// Quotes are doubled. A string holding a backslash is written E'...' with
// its backslashes doubled, which reads back the same whatever the server's
// standard_conforming_strings says. s must not hold a NUL byte, which no
// PostgreSQL text can (the server refuses the statement).
func quoteLiteral(s string) string {
	q := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if strings.Contains(s, `\`) {
		q = "E" + strings.ReplaceAll(q, `\`, `\\`)
	}
	return q
}
