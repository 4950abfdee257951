package mapping

import (
	"regexp"
	"strconv"
)

// namePattern is the rule for mapping names, as for catalogue names.
var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

const nameRule = "must be lowercase letters, digits and _, start with a letter, at most 63 characters"

func join(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func index(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

// quote quotes text from a mapping file for a message, cut short so that a
// pasted paragraph does not flood the log. Only text from the mapping file
// itself is ever quoted, never a value from a data or lookup row.
func quote(s string) string {
	const limit = 40
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit]) + "…"
	}
	return strconv.Quote(s)
}

// suggest returns ` (did you mean "x"?)` for the known word nearest to a
// misspelt key, or "" when none is close.
func suggest(got string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if d := distance(got, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + strconv.Quote(best) + "?)"
}

// distance is the Levenshtein edit distance, in bytes.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
