package disclosure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Key is a cell's position in one dimension: a category, or the total over
// every category (a margin). It is written in JSON as the category's string,
// or null for a total, as GROUP BY CUBE writes NULL in a rolled-up column.
// The empty string is a category like any other.
type Key struct {
	Value string
	Total bool
}

// MarshalJSON writes a category as a JSON string and a total as null.
func (k Key) MarshalJSON() ([]byte, error) {
	if k.Total {
		return []byte("null"), nil
	}
	return json.Marshal(k.Value)
}

// UnmarshalJSON reads a JSON string as a category and null as a total.
func (k *Key) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*k = Key{Total: true}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("disclosure: a key is a string or null")
	}
	*k = Key{Value: s}
	return nil
}

// keyOf encodes keys as a map key that no other keys share.
func keyOf(keys []Key) string {
	var b strings.Builder
	for _, k := range keys {
		if k.Total {
			b.WriteString("*;")
			continue
		}
		b.WriteString(strconv.Itoa(len(k.Value)))
		b.WriteByte(':')
		b.WriteString(k.Value)
	}
	return b.String()
}
