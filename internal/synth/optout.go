package synth

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
)

const optOutFile = "optout_ndoo.dat"

// optOutBlock gives the opt-out share: one person in each block of 20 (5%),
// at a seeded position, so small populations still land close to 5%.
const optOutBlock = 20

// optOuts writes the national data opt-out deny list in the MESH form: one
// NHS number per line, some with a trailing comma as real extracts have.
type optOuts struct {
	f     *os.File
	w     *bufio.Writer
	lines int
	slot  int
}

func createOptOuts(dir string) (*optOuts, error) {
	f, err := os.Create(filepath.Join(dir, optOutFile))
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	return &optOuts{f: f, w: bufio.NewWriter(f)}, nil
}

// decide reports whether the i-th person (from 0) opts out.
func (o *optOuts) decide(r *rand.Rand, i int) bool {
	if i%optOutBlock == 0 {
		o.slot = r.IntN(optOutBlock)
	}
	return i%optOutBlock == o.slot
}

func (o *optOuts) add(r *rand.Rand, nhs string) error {
	o.lines++
	line := nhs + "\n"
	if chance(r, 0.25) {
		line = nhs + ",\n"
	}
	if _, err := o.w.WriteString(line); err != nil {
		return fmt.Errorf("synth: write %s line %d: %w", optOutFile, o.lines, err)
	}
	return nil
}

func (o *optOuts) close() error {
	err := o.w.Flush()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("synth: close %s: %w", optOutFile, err)
	}
	return nil
}
