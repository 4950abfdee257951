package regionbench

import (
	"os"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
