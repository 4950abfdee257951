package mapping

import "regexp"

// namePattern is the rule for mapping names, as for catalogue names.
var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

const nameRule = "must be lowercase letters, digits and _, start with a letter, at most 63 characters"
