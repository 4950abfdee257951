package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/postgres/localpg"
)

func TestMain(m *testing.M) { os.Exit(Run(m)) }

// TestClusterIsSizedForTheMachine: the throwaway cluster runs with memory
// and parallelism sized from the machine, not PostgreSQL's defaults.
func TestClusterIsSizedForTheMachine(t *testing.T) {
	machine, err := localpg.ThisMachine()
	if err != nil {
		t.Fatal(err)
	}
	want := machine.Settings(testClusterShare(), 200)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, New(t).SuperURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, name := range []string{"work_mem", "max_parallel_workers_per_gather", "max_parallel_workers"} {
		var got string
		if err := conn.QueryRow(ctx, `SELECT setting || coalesce(unit, '') FROM pg_settings WHERE name = $1`, name).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want[name] {
			t.Errorf("%s is %s, want %s", name, got, want[name])
		}
	}
}
