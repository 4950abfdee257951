package localpg

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// defaultStartTimeout bounds Start when ctx has no deadline.
const defaultStartTimeout = time.Minute

// Options for Start.
type Options struct {
	Dir      string            // state directory; the cluster's data lives in Dir/pgdata
	BinDir   string            // "" = discover (FindBinDir)
	Port     int               // 0 = pick a free port on 127.0.0.1
	Settings map[string]string // extra server settings passed as -c k=v; fsync=off also makes initdb skip fsync
	Logger   *slog.Logger      // may be nil; server output goes to Dir/postgres.log
}

// Cluster is a running local PostgreSQL server. Stop it when done.
type Cluster struct {
	dir      string
	port     int
	password string
	log      *slog.Logger
	proc     *process

	mu      sync.Mutex
	stopped bool
}

// Start initialises the cluster in opts.Dir if needed, starts postgres and
// returns once it accepts connections. See the package comment for layout.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	return start(ctx, opts, freePort)
}

func start(ctx context.Context, opts Options, pickPort func() (int, error)) (*Cluster, error) {
	if opts.Dir == "" {
		return nil, errors.New("localpg: Options.Dir is empty")
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultStartTimeout)
		defer cancel()
	}
	l := launcher{settings: opts.Settings, pickPort: pickPort, log: opts.Logger}
	if l.log == nil {
		l.log = slog.New(slog.DiscardHandler)
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("localpg: state dir %s: %w", opts.Dir, err)
	}
	if l.binDir = opts.BinDir; l.binDir == "" {
		if l.binDir, err = FindBinDir(os.Getenv); err != nil {
			return nil, err
		}
	} else if err := hasServer(l.binDir); err != nil {
		return nil, notInstalled([]string{fmt.Sprintf("Options.BinDir=%s (%v)", l.binDir, err)})
	}
	if l.pgIsReady, err = findPgIsReady(l.binDir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("localpg: create state dir: %w", err)
	}
	if l.user, err = serverAccount(); err != nil {
		return nil, err
	}
	if l.pgdata, err = prepareDataDir(dir, l.user); err != nil {
		return nil, err
	}
	password, err := loadOrCreatePassword(dir, l.user)
	if err != nil {
		return nil, err
	}
	created, err := initCluster(ctx, l.binDir, l.pgdata, password, l.user, opts.Settings["fsync"] == "off")
	if err != nil {
		return nil, err
	}
	if created {
		l.log.Info("localpg: initialised a new cluster", "dir", dir, "pgdata", l.pgdata)
	}
	l.logPath = filepath.Join(dir, "postgres.log")
	proc, port, err := l.launch(ctx, opts.Port)
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, port: port, password: password, log: l.log, proc: proc}
	c.log.Info("localpg: postgres started", "cluster", c, "pid", proc.pid())
	return c, nil
}

// URL is a superuser connection URL for database.
func (c *Cluster) URL(database string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(superuser, c.password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/" + database,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Port is the TCP port the server listens on at 127.0.0.1.
func (c *Cluster) Port() int { return c.port }

// LogValue keeps the password out of logs.
func (c *Cluster) LogValue() slog.Value {
	return slog.GroupValue(slog.String("dir", c.dir), slog.Int("port", c.port))
}
