package audit

import (
	"bufio"
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
// copies the store keeps of it (CheckColumns), which next returns in log
// order, one per event. A copy that differs fails verification at its
// event, naming the column. An error from next is returned as it is: it
// says nothing about the log.
func (v *Verifier) AddStreamColumns(r io.Reader, next func() (Columns, error)) error {
	return v.addStream(r, next)
}

func (v *Verifier) addStream(r io.Reader, next func() (Columns, error)) error {
	type batch struct {
		lines   [][]byte
		checked []Checked
		done    chan struct{}
	}
	work := make(chan *batch, runtime.GOMAXPROCS(0))
	ordered := make(chan *batch, 4*runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for b := range work {
				for i, l := range b.lines {
					b.checked[i] = CheckEvent(l)
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
			b := &batch{lines: lines, checked: make([]Checked, len(lines)), done: make(chan struct{})}
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
		for i, c := range b.checked {
			if err == nil {
				err = v.AddChecked(c)
			}
			if err == nil && next != nil {
				err = v.checkColumns(b.lines[i], c, next)
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

// checkColumns compares the stored copies of an event, already added, with
// its canonical bytes.
func (v *Verifier) checkColumns(canonical []byte, c Checked, next func() (Columns, error)) error {
	cols, err := next()
	if err != nil {
		return fmt.Errorf("reading the stored columns of event %d: %w", c.seq, err)
	}
	var ce *ColumnError
	if err := CheckColumns(canonical, c.event, cols); errors.As(err, &ce) {
		return v.fail(int64(c.seq), "column %s, a copy kept for searching, does not match the event's canonical bytes: %s", ce.Column, ce.Reason)
	}
	return nil
}
