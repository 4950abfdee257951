package disclosure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Key is a cell's position in one dimension: a category, the total over
// every category (a margin), or the other row (see Domain): the hidden
// cells of an open dimension, gathered without their labels. It is written
// in JSON as the category's string, null for a total (as GROUP BY CUBE
// writes NULL in a rolled-up column), or {"other": true}. The empty string
// is a category like any other: the query engine uses it for a missing value.
type Key struct {
	Value string
	Total bool
	Other bool
}

// MarshalJSON writes a category as a JSON string, a total as null and the
// other row as {"other":true}.
func (k Key) MarshalJSON() ([]byte, error) {
	switch {
	case k.Total:
		return []byte("null"), nil
	case k.Other:
		return []byte(`{"other":true}`), nil
	}
	return json.Marshal(k.Value)
}

// UnmarshalJSON reads a JSON string as a category, null as a total and
// {"other": true} as the other row.
func (k *Key) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*k = Key{Total: true}
		return nil
	}
	if len(b) > 0 && b[0] == '{' {
		var o struct {
			Other bool `json:"other"`
		}
		if err := json.Unmarshal(b, &o); err != nil || !o.Other {
			return fmt.Errorf(`disclosure: a key is a string, null or {"other": true}`)
		}
		*k = Key{Other: true}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf(`disclosure: a key is a string, null or {"other": true}`)
	}
	*k = Key{Value: s}
	return nil
}

// String is the key as a reader sees it: the category, "(total)" or
// "(other)".
func (k Key) String() string {
	switch {
	case k.Total:
		return "(total)"
	case k.Other:
		return "(other)"
	}
	return k.Value
}

// keyOf encodes keys as a map key that no other keys share.
func keyOf(keys []Key) string {
	var b strings.Builder
	for _, k := range keys {
		switch {
		case k.Total:
			b.WriteString("*;")
			continue
		case k.Other:
			b.WriteString("?;")
			continue
		}
		b.WriteString(strconv.Itoa(len(k.Value)))
		b.WriteByte(':')
		b.WriteString(k.Value)
	}
	return b.String()
}
