package answer

import "github.com/research-enclave/enclave/enclave"

// KeyID names the pseudonym key data or an opt-out list was pseudonymised
// with: its version, and whether it is a dev key.
type KeyID struct {
	Version int
	Dev     bool
}

// oneKey admits a query only when the loads of every dataset it uses and
// the opt-out lists it applies were all pseudonymised with one key (keys,
// each once): a list keyed otherwise would match nobody, and datasets keyed
// differently would not join.
func oneKey(keys []KeyID) error {
	if len(keys) > 1 {
		return &enclave.Error{Code: enclave.CodeForbidden, Message: "the data and the opt-out lists this query needs were pseudonymised with different keys, so lists could match no one: load them again with one key",
			Reasons: []enclave.Reason{{Code: "data.key_mismatch", Message: "more than one pseudonym key among the datasets' loads and the opt-out lists"}}}
	}
	return nil
}

// key is the one key of raw's data and lists, the zero KeyID when nothing
// has been loaded.
func (raw Raw) key() KeyID {
	if len(raw.Keys) == 1 {
		return raw.Keys[0]
	}
	return KeyID{}
}
