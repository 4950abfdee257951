package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress shows an upload's bytes sent and the rows in them per second.
// Rows are counted from the file as it is sent; a gzip file is decompressed
// alongside for the count.
type progress struct {
	bar   *progressbar.ProgressBar
	start time.Time
	rows  atomic.Int64
	gz    *io.PipeWriter // feeds the counting decompressor; nil for plain files
	done  chan struct{}
}

func newProgress(w io.Writer, size int64, gzipped bool) *progress {
	p := &progress{start: time.Now(), done: make(chan struct{})}
	p.bar = progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(w),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionSetDescription("sending"),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	)
	if !gzipped {
		close(p.done)
		return p
	}
	pr, pw := io.Pipe()
	p.gz = pw
	go func() {
		defer close(p.done)
		if zr, err := gzip.NewReader(pr); err == nil {
			_, _ = io.Copy(lineCounter{&p.rows}, zr)
		}
		_, _ = io.Copy(io.Discard, pr) // a damaged file: keep the upload going; the server reports it
	}()
	return p
}

// reader wraps the file being sent.
func (p *progress) reader(r io.Reader) io.Reader { return progressReader{p, r} }

type progressReader struct {
	p *progress
	r io.Reader
}

func (pr progressReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	if n > 0 {
		if pr.p.gz != nil {
			_, _ = pr.p.gz.Write(b[:n])
		} else {
			pr.p.rows.Add(int64(bytes.Count(b[:n], []byte{'\n'})))
		}
		rows := pr.p.rows.Load()
		rate := float64(rows) / max(time.Since(pr.p.start).Seconds(), 1) // no wild rates in the first second
		pr.p.bar.Describe(fmt.Sprintf("%d rows, %.0f rows/s", rows, rate))
		_ = pr.p.bar.Add(n)
	}
	return n, err
}

// finish stops the counting and ends the bar's line.
func (p *progress) finish() {
	if p.gz != nil {
		_ = p.gz.Close()
	}
	<-p.done
	_ = p.bar.Finish()
}

// lineCounter counts newlines written to it.
type lineCounter struct{ n *atomic.Int64 }

func (l lineCounter) Write(b []byte) (int, error) {
	l.n.Add(int64(bytes.Count(b, []byte{'\n'})))
	return len(b), nil
}
