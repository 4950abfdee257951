package localpg

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Machine is what a cluster may use of the machine it runs on: memory in
// bytes and CPUs.
type Machine struct {
	Memory uint64
	CPUs   int
}

// ThisMachine reads the memory this process may use (the smaller of the
// machine's and its cgroup's limit, v2 or v1) and the CPUs Go schedules on
// (GOMAXPROCS, which follows a container's CPU quota). Where there is no
// /proc/meminfo (not Linux), it is an error: callers then keep
// PostgreSQL's defaults.
func ThisMachine() (Machine, error) {
	mem, err := memTotal("/proc/meminfo")
	if err != nil {
		return Machine{}, err
	}
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if limit, ok := cgroupLimit(f); ok && limit < mem {
			mem = limit
		}
	}
	return Machine{Memory: mem, CPUs: runtime.GOMAXPROCS(0)}, nil
}

const (
	mib = 1 << 20
	gib = 1 << 30
)

// Settings sizes memory and parallelism for one of share clusters that
// divide m between them (the demo's is alone: 1), serving at most
// connections sessions. It follows the usual rules for a server PostgreSQL
// has to itself (docs/operations.md): a quarter of its memory for shared
// buffers, three quarters assumed to be cache, and sorts and hashes sized so
// that three per session, each run by every worker of a parallel query, fit
// in what is left. On a machine of 24 GiB and 2 CPUs, the demo's cluster
// gets shared_buffers 6 GiB and work_mem 60 MiB, against PostgreSQL's
// defaults of 128 MiB and 4 MiB.
func (m Machine) Settings(share, connections int) map[string]string {
	share, connections = max(share, 1), max(connections, 1)
	mem := m.Memory / uint64(share)
	cpus := max(m.CPUs, 1)
	perGather := max(cpus/2, 1)
	shared := clamp(mem/4, 128*mib, 16*gib)
	work := clamp((mem-min(shared, mem))/uint64(connections*3*perGather), 4*mib, gib)
	return map[string]string{
		"shared_buffers":                   kib(shared),
		"effective_cache_size":             kib(clamp(mem*3/4, 512*mib, 1<<50)),
		"work_mem":                         kib(work),
		"maintenance_work_mem":             kib(clamp(mem/16, 64*mib, 2*gib)),
		"max_connections":                  strconv.Itoa(connections),
		"max_worker_processes":             strconv.Itoa(max(8, cpus)),
		"max_parallel_workers":             strconv.Itoa(cpus),
		"max_parallel_workers_per_gather":  strconv.Itoa(perGather),
		"max_parallel_maintenance_workers": strconv.Itoa(perGather),
	}
}

func clamp(v, lo, hi uint64) uint64 { return min(max(v, lo), hi) }

// kib writes n bytes as a PostgreSQL memory setting, in whole kilobytes.
func kib(n uint64) string { return strconv.FormatUint(n/1024, 10) + "kB" }

// memTotal reads MemTotal from a /proc/meminfo file.
func memTotal(path string) (uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("localpg: machine memory: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 3 && fields[0] == "MemTotal:" && fields[2] == "kB" {
			if n, err := strconv.ParseUint(fields[1], 10, 64); err == nil && n > 0 {
				return n * 1024, nil
			}
		}
	}
	return 0, fmt.Errorf("localpg: machine memory: no MemTotal in kB in %s", path)
}

// cgroupLimit reads a cgroup memory limit file (v2 memory.max, v1
// memory.limit_in_bytes): a limit in bytes, or "max" for none.
func cgroupLimit(path string) (uint64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	return n, err == nil && n > 0
}
