package web_test

import (
	"os"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// The web tests run the pages over the real service graph (servicestest):
// a test database, the real policies, enrolled principals.
func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
