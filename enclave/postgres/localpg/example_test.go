package localpg_test

import (
	"context"
	"fmt"
	"log"

	"github.com/research-enclave/enclave/enclave/postgres/localpg"
)

// A throwaway cluster, as the test harness uses it.
func ExampleStart() {
	ctx := context.Background()
	c, err := localpg.Start(ctx, localpg.Options{
		Dir:      "/tmp/enclave-example",
		Settings: map[string]string{"fsync": "off"},
	})
	if err != nil {
		log.Fatal(err) // errors.Is(err, localpg.ErrNotInstalled) says how to install PostgreSQL
	}
	defer c.Stop(ctx)
	fmt.Println(c.URL("postgres")) // postgres://enclave_admin:...@127.0.0.1:PORT/postgres?sslmode=disable
}
