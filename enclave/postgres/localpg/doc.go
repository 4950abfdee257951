// Package localpg runs a local PostgreSQL cluster that the project manages
// itself: a throwaway cluster per test binary, and the persistent cluster of
// `enclave demo`.
//
// Start initialises Dir/pgdata with initdb on first use (superuser
// enclave_admin, scram-sha-256, password kept in Dir/superuser.password, mode
// 0600) and reuses both on later runs, which is how the demo keeps its data.
// It then runs postgres as a direct child process listening on 127.0.0.1 only,
// with no Unix socket, and writes the server's output to Dir/postgres.log.
// The child gets its own process group, so a terminal Ctrl-C reaches only us
// and we stop the server in order, and a parent-death signal (SIGQUIT), so
// the server dies with us if we are killed. The parent-death signal is tied to
// the OS thread that started the child (https://go.dev/issue/27505): do not
// call Start from a goroutine that holds runtime.LockOSThread and then exits.
//
// # Running as root
//
// PostgreSQL refuses to run as root. When the effective uid is 0, initdb and
// postgres run as the `postgres` system user (or `nobody` if there is none),
// and the data directory and password file are chowned to that user. That
// user must be able to traverse every ancestor of the data directory. When it
// cannot (the demo default ~/.local/share/enclave/demo lies under /root, mode
// 0700; os.MkdirTemp makes 0700 directories), the data lives instead in
// /var/tmp/enclave-postgres-<first 12 hex digits of sha256(absolute Dir)>/pgdata
// and Dir/pgdata is a symlink to it, so a re-run on the same Dir finds it
// again. That fallback directory is created 0700 and owned by the server user;
// an existing one owned by anybody else is refused.
//
// # Standbys
//
// StartStandby makes a hot standby of a running cluster in a Dir of its own
// with pg_basebackup -R (the primary's superuser and password, its own
// port), as the tests of queries on a read replica need.
//
// # Finding the binaries
//
// FindBinDir honours ENCLAVE_PG_BINDIR, then `pg_config --bindir`, then the
// highest-numbered /usr/lib/postgresql/<major>/bin (Debian's layout). When
// nothing is found the error wraps ErrNotInstalled and says how to fix it.
package localpg
