package catalogue

import "regexp"

// namePattern is the rule for dataset and column names: safe to use as a
// PostgreSQL identifier without quoting, and at most 63 bytes (its limit).
var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

const nameRule = "must be lowercase letters, digits and _, start with a letter, at most 63 characters"
