package synth

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// The opt-out list files.
const (
	optOutFile = "optout_ndoo.dat"
	type1File  = "optout_type1.dat"
)

// optOutBlock gives the opt-out share: one person in each block of 20 (5%),
// at a seeded position, so small populations still land close to 5%.
const optOutBlock = 20

// optOuts writes an opt-out deny list in the MESH form: one NHS number per
// line, some with a trailing comma as real extracts have.
type optOuts struct {
	name  string
	f     *os.File
	w     *bufio.Writer
	lines int
	slot  int
}

func createOptOuts(dir, name string) (*optOuts, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	return &optOuts{name: name, f: f, w: bufio.NewWriter(f)}, nil
}

// objectsType1 reports whether the person with this NHS number registered a
// Type 1 objection: about 2% of people, chosen from the number alone so
// that the seeded random stream, and so every other file, is unchanged.
func objectsType1(nhs string) bool {
	h := fnv.New32a()
	h.Write([]byte(nhs))
	return h.Sum32()%50 == 0
}

// decide reports whether the i-th person (from 0) opts out.
func (o *optOuts) decide(r *rand.Rand, i int) bool {
	if i%optOutBlock == 0 {
		o.slot = r.IntN(optOutBlock)
	}
	return i%optOutBlock == o.slot
}

func (o *optOuts) add(nhs string, comma bool) error {
	o.lines++
	line := nhs + "\n"
	if comma {
		line = nhs + ",\n"
	}
	if _, err := o.w.WriteString(line); err != nil {
		return fmt.Errorf("synth: write %s line %d: %w", o.name, o.lines, err)
	}
	return nil
}

func (o *optOuts) close() error {
	err := o.w.Flush()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("synth: close %s: %w", o.name, err)
	}
	return nil
}
