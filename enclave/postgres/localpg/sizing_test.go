package localpg

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// TestSettingsFitTheMachine: memory and parallelism follow the machine and
// the share of it a cluster has, within PostgreSQL's sensible bounds.
func TestSettingsFitTheMachine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		m            Machine
		share, conns int
		want         map[string]string
	}{
		{"the demo on this project's machine", Machine{Memory: 24 * gib, CPUs: 2}, 1, 100, map[string]string{
			"shared_buffers": "6291456kB", "effective_cache_size": "18874368kB", "work_mem": "62914kB",
			"maintenance_work_mem": "1572864kB", "max_connections": "100", "max_worker_processes": "8",
			"max_parallel_workers": "2", "max_parallel_workers_per_gather": "1", "max_parallel_maintenance_workers": "1",
		}},
		{"a test cluster, a quarter of it", Machine{Memory: 24 * gib, CPUs: 2}, 4, 200, map[string]string{
			"shared_buffers": "1572864kB", "effective_cache_size": "4718592kB", "work_mem": "7864kB",
			"maintenance_work_mem": "393216kB", "max_connections": "200", "max_worker_processes": "8",
			"max_parallel_workers": "2", "max_parallel_workers_per_gather": "1", "max_parallel_maintenance_workers": "1",
		}},
		{"a large server: buffers capped, workers per query half the CPUs", Machine{Memory: 512 * gib, CPUs: 32}, 1, 50, map[string]string{
			"shared_buffers": "16777216kB", "effective_cache_size": "402653184kB", "work_mem": "216705kB",
			"maintenance_work_mem": "2097152kB", "max_connections": "50", "max_worker_processes": "32",
			"max_parallel_workers": "32", "max_parallel_workers_per_gather": "16", "max_parallel_maintenance_workers": "16",
		}},
		{"a small machine: PostgreSQL's floors", Machine{Memory: 512 * mib, CPUs: 1}, 8, 100, map[string]string{
			"shared_buffers": "131072kB", "effective_cache_size": "524288kB", "work_mem": "4096kB",
			"maintenance_work_mem": "65536kB", "max_connections": "100", "max_worker_processes": "8",
			"max_parallel_workers": "1", "max_parallel_workers_per_gather": "1", "max_parallel_maintenance_workers": "1",
		}},
	} {
		if got := tc.m.Settings(tc.share, tc.conns); !maps.Equal(got, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.name, got, tc.want)
		}
	}
}

func TestMemTotal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if n, err := memTotal(write("meminfo", "MemTotal:       24683772 kB\nMemFree:        20144800 kB\n")); err != nil || n != 24683772*1024 {
		t.Errorf("memTotal: %d, %v", n, err)
	}
	for _, bad := range []string{"", "MemFree: 1 kB\n", "MemTotal: lots kB\n", "MemTotal: 0 kB\n"} {
		if n, err := memTotal(write("bad", bad)); err == nil {
			t.Errorf("memTotal(%q) = %d, want an error", bad, n)
		}
	}
	if n, ok := cgroupLimit(write("limited", "8589934592\n")); !ok || n != 8*gib {
		t.Errorf("cgroupLimit of 8 GiB: %d %v", n, ok)
	}
	if _, ok := cgroupLimit(write("unlimited", "max\n")); ok {
		t.Error("cgroupLimit of max: a limit")
	}
	if m, err := ThisMachine(); err != nil || m.Memory == 0 || m.CPUs == 0 {
		t.Errorf("ThisMachine: %+v, %v", m, err)
	}
}
