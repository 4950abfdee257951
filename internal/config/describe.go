package config

import (
	"fmt"
	"reflect"
)

// Setting is one configuration variable as `enclave config` shows it.
type Setting struct {
	Var         string `json:"var"`
	Value       string `json:"value"`
	Default     string `json:"default,omitempty"`
	Secret      bool   `json:"secret,omitempty"`
	Description string `json:"description"`
}

// Describe lists every variable with its effective value, secrets redacted.
func (c Config) Describe() []Setting {
	v := reflect.ValueOf(c)
	out := make([]Setting, 0, v.NumField())
	for i, f := range fields() {
		out = append(out, Setting{
			Var: f.key, Value: fmt.Sprint(v.Field(i).Interface()), Default: f.def,
			Secret: f.secret, Description: f.desc,
		})
	}
	return out
}
