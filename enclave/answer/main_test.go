package answer_test

import (
	"os"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// The answer service's domain tests run over a real database, data and
// the real policies (servicestest), without HTTP.
func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
