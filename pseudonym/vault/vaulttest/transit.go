package vaulttest

import (
	"net/http"
	"strings"
)

// transit routes a request below the transit mount.
func (s *Server) transit(w http.ResponseWriter, r *http.Request, rest string) {
	parts := strings.Split(rest, "/")
	op := operation(r)
	switch {
	case rest == "keys" && op == "list":
		s.listKeys(w)
	case len(parts) == 2 && parts[0] == "keys":
		switch op {
		case "update":
			s.createKey(w, r, parts[1])
		case "read":
			s.readKey(w, parts[1])
		case "delete":
			s.deleteKey(w, parts[1])
		default:
			writeErrors(w, http.StatusMethodNotAllowed, "unsupported operation")
		}
	case len(parts) == 3 && parts[0] == "keys" && parts[2] == "rotate" && op == "update":
		s.rotateKey(w, parts[1])
	case len(parts) == 3 && parts[0] == "keys" && parts[2] == "config" && op == "update":
		s.configKey(w, r, parts[1])
	case (len(parts) == 2 || len(parts) == 3) && parts[0] == "hmac" && op == "update":
		s.hmac(w, r, parts[1], urlAlgorithm(parts))
	case (len(parts) == 2 || len(parts) == 3) && parts[0] == "verify" && op == "update":
		s.verify(w, r, parts[1], urlAlgorithm(parts))
	case (len(parts) == 2 || len(parts) == 3) && parts[0] == "sign" && op == "update":
		s.sign(w, r, parts[1])
	case (len(parts) == 3 || len(parts) == 4) && parts[0] == "export" && op == "read":
		s.exportKey(w, parts[1], parts[2], strings.Join(parts[3:], ""))
	default:
		writeErrors(w, http.StatusNotFound, "1 error occurred:\n\t* unsupported path\n\n")
	}
}

func urlAlgorithm(parts []string) string {
	if len(parts) == 3 {
		return parts[2]
	}
	return ""
}
