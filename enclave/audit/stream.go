package audit

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
)

// streamBatch is how many lines one worker checks at a time.
const streamBatch = 512

// AddStream adds every event of an export (one canonical event per line) to
// v. Lines are checked on every core (CheckEvent) and added in order
// (AddChecked), so a long log verifies about as fast as the sequential part
// allows. It stops at the first failure.
func (v *Verifier) AddStream(r io.Reader) error { return v.addStream(r, nil) }

// AddStreamColumns is AddStream that also compares every event with the
// copies the store keeps of it (CheckColumns), read from columns: one
// Columns object per line, in log order, one per event (GET
// /v1/audit/columns). The comparisons run on every core too. A copy that
// differs fails verification at its event, naming the column; a columns
// stream that cannot be read, or does not hold one line per event, is an
// error that says nothing about the log.
func (v *Verifier) AddStreamColumns(r, columns io.Reader) error {
	cols := bufio.NewScanner(columns)
	// A line holds the jsonb copy of an event, as long as the event, and a
	// little more.
	cols.Buffer(make([]byte, 0, 64<<10), 2*MaxEventBytes+4096)
	if err := v.addStream(r, cols); err != nil {
		return err
	}
	if cols.Scan() {
		return fmt.Errorf("the stored columns hold more lines than the log's %d events", v.Size())
	}
	return cols.Err()
}

// checkedLine is one line of an export after the per-event checks.
type checkedLine struct {
	Checked
	colErr error // from the comparison with the stored copies
}

func (v *Verifier) addStream(r io.Reader, cols *bufio.Scanner) error {
	type batch struct {
		lines   [][]byte
		cols    [][]byte // the stored copies of each line's event, when checked
		checked []checkedLine
		done    chan struct{}
	}
	work := make(chan *batch, runtime.GOMAXPROCS(0))
	ordered := make(chan *batch, 4*runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for b := range work {
				for i, l := range b.lines {
					b.checked[i].Checked = CheckEvent(l)
					if b.cols != nil && b.checked[i].err == nil {
						b.checked[i].colErr = checkColumnsLine(l, b.checked[i].Checked, b.cols[i])
					}
				}
				close(b.done)
			}
		})
	}
	readErr := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		defer close(ordered)
		defer close(work)
		readErr <- readBatches(r, func(lines [][]byte) bool {
			b := &batch{lines: lines, checked: make([]checkedLine, len(lines)), done: make(chan struct{})}
			if cols != nil {
				b.cols = columnLines(cols, len(lines))
			}
			select {
			case ordered <- b:
			case <-stop:
				return false
			}
			work <- b
			return true
		})
	}()
	var err error
	for b := range ordered {
		<-b.done
		for _, c := range b.checked {
			if err == nil {
				err = v.AddChecked(c.Checked)
			}
			if err == nil && c.colErr != nil {
				err = v.columnsFailed(c.seq, c.colErr)
			}
		}
		if err != nil {
			break
		}
	}
	close(stop)
	for range ordered { // let the reader finish
	}
	wg.Wait()
	if err != nil {
		return err
	}
	if rerr := <-readErr; rerr != nil {
		return fmt.Errorf("reading the log after event %d: %w", v.Size(), rerr)
	}
	return nil
}

// errNoColumns marks an event the columns stream has no line for.
var errNoColumns = errors.New("the stored columns end before the log does")

// columnLines reads the next n lines of cols (copies); a line missing is
// nil.
func columnLines(cols *bufio.Scanner, n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		if !cols.Scan() {
			break
		}
		out[i] = append([]byte(nil), cols.Bytes()...)
	}
	return out
}

// checkColumnsLine compares the stored copies in line with the event ev,
// checked from canonical. It returns a *ColumnError, or another error when line cannot
// be read.
func checkColumnsLine(canonical []byte, ev Checked, line []byte) error {
	if line == nil {
		return errNoColumns
	}
	var c Columns
	if err := json.Unmarshal(line, &c); err != nil {
		return fmt.Errorf("the stored columns of event %d are not readable: %w", ev.seq, err)
	}
	return checkColumns(canonical, ev.leaf, ev.event, c)
}

// columnsFailed turns the failed comparison of event seq's copies into the
// verifier's failure when a copy differs, or returns err as it is when the
// columns could not be read.
func (v *Verifier) columnsFailed(seq uint64, err error) error {
	var ce *ColumnError
	if !errors.As(err, &ce) {
		if errors.Is(err, errNoColumns) {
			return fmt.Errorf("reading the stored columns of event %d: %w", seq, err)
		}
		return err
	}
	return v.fail(int64(seq), "column %s, a copy kept for searching, does not match the event's canonical bytes: %s", ce.Column, ce.Reason)
}

// readBatches splits r into lines (each at most MaxEventBytes) and hands them
// to emit in batches of copies, until emit returns false or r ends.
func readBatches(r io.Reader, emit func([][]byte) bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxEventBytes+1)
	lines := make([][]byte, 0, streamBatch)
	for sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
		if len(lines) == streamBatch {
			if !emit(lines) {
				return nil
			}
			lines = make([][]byte, 0, streamBatch)
		}
	}
	if len(lines) > 0 && !emit(lines) {
		return nil
	}
	return sc.Err()
}
