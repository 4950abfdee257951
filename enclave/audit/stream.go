package audit

import (
	"bufio"
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
func (v *Verifier) AddStream(r io.Reader) error {
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
		for _, c := range b.checked {
			if err == nil {
				err = v.AddChecked(c)
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
