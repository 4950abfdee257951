package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

// Generate writes a synthetic population of opts.People people to dir, which
// must exist: the five source files with a mapping file for each, the
// opt-out list and README.txt, replacing files of the same names. It stops between people when ctx is
// done, returning ctx's error; files are then left incomplete.
func Generate(ctx context.Context, dir string, opts Options) (Summary, error) {
	opts, err := opts.normalised()
	if err != nil {
		return Summary{}, err
	}
	if err := ctx.Err(); err != nil {
		return Summary{}, fmt.Errorf("synth: %w", err)
	}
	out, err := openOutputs(dir)
	if err != nil {
		return Summary{}, err
	}
	optedOut, lowest, err := population(ctx, out, opts)
	if cerr := out.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Summary{}, err
	}
	if err := writeMappings(dir); err != nil {
		return Summary{}, err
	}
	if err := writeReadme(dir, opts, lowest); err != nil {
		return Summary{}, err
	}
	return Summary{People: opts.People, Rows: out.rows(), OptedOut: optedOut}, nil
}

// population draws and writes every person in turn, returning how many
// opted out and the lowest NHS number prefix used. The order of random draws
// is part of the output format: change it and every seed gives different
// files.
func population(ctx context.Context, out *outputs, opts Options) (optedOut, lowest int, err error) {
	r := newRand(opts.Seed)
	areas := newAreas(r)
	numbers := newNHSNumbers(r)
	for i := range opts.People {
		if err := ctx.Err(); err != nil {
			return optedOut, 0, fmt.Errorf("synth: stopped before person %d: %w", i+1, err)
		}
		nhs, err := numbers.next()
		if err != nil {
			return optedOut, 0, err
		}
		p := newPerson(r, nhs, areas, opts.End)
		if out.optOut.decide(r, i) {
			optedOut++
			if err := out.optOut.add(nhs, chance(r, 0.25)); err != nil {
				return optedOut, 0, err
			}
		}
		if objectsType1(nhs) {
			if err := out.type1.add(nhs, false); err != nil {
				return optedOut, 0, err
			}
		}
		if err := writePerson(r, out, p, opts.Start, opts.End); err != nil {
			return optedOut, 0, err
		}
	}
	return optedOut, numbers.lowestPrefix(), nil
}

// writePerson writes p's row in every source file.
func writePerson(r *rand.Rand, out *outputs, p person, start, end time.Time) error {
	if err := out.patients.write(p.nhs, p.dob.Format(time.DateOnly), p.sex, p.postcode,
		p.area.lsoa, strconv.Itoa(p.area.decile), p.ethnicity); err != nil {
		return err
	}
	if err := writeGP(r, out.gp, p, start, end); err != nil {
		return err
	}
	if err := writeAE(r, out.ae, p, start, end); err != nil {
		return err
	}
	if err := writeScreening(r, out.screening, p, start, end); err != nil {
		return err
	}
	return writeSocialCare(r, out.care, p, start, end)
}
