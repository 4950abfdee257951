package synth

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
)

// sink is one CSV output file. Rows go through csv.Writer's buffer straight
// to disk, so nothing accumulates in memory.
type sink struct {
	name string
	f    *os.File
	w    *csv.Writer
	rows int
}

func createSink(dir, name string, header []string) (*sink, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	s := &sink{name: name, f: f, w: csv.NewWriter(f)}
	if err := s.w.Write(header); err != nil {
		f.Close()
		return nil, fmt.Errorf("synth: write %s header: %w", name, err)
	}
	return s, nil
}

// write appends one data row; errors name the file and row, never a value.
func (s *sink) write(rec ...string) error {
	s.rows++
	if err := s.w.Write(rec); err != nil {
		return fmt.Errorf("synth: write %s row %d: %w", s.name, s.rows, err)
	}
	return nil
}

// close flushes and closes the file, reporting the first error.
func (s *sink) close() error {
	s.w.Flush()
	err := s.w.Error()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("synth: close %s: %w", s.name, err)
	}
	return nil
}
