package synth

import "errors"

// Datasets are the datasets Generate writes, in the order they load
// (patients first): DIR/<name>.csv, following the demo mapping
// synth_<name>. `enclave demo` loads them in this order.
var Datasets = []string{"patients", "gp_events", "ae_attendances", "breast_screening", "social_care"}

// outputs are the open files of one run.
type outputs struct {
	patients, gp, ae, screening, care *sink
	optOut, type1                     *optOuts
}

var patientsHeader = []string{"nhs_number", "date_of_birth", "sex", "postcode", "lsoa_code", "deprivation_decile", "ethnicity_group"}

// openOutputs creates every file in dir, closing those already open if one
// fails.
func openOutputs(dir string) (*outputs, error) {
	o := &outputs{}
	specs := []struct {
		dst    **sink
		name   string
		header []string
	}{
		{&o.patients, "patients.csv", patientsHeader},
		{&o.gp, "gp_events.csv", gpHeader},
		{&o.ae, "ae_attendances.csv", aeHeader},
		{&o.screening, "breast_screening.csv", screeningHeader},
		{&o.care, "social_care.csv", socialCareHeader},
	}
	for _, sp := range specs {
		s, err := createSink(dir, sp.name, sp.header)
		if err != nil {
			_ = o.close()
			return nil, err
		}
		*sp.dst = s
	}
	var err error
	if o.optOut, err = createOptOuts(dir, optOutFile); err != nil {
		_ = o.close()
		return nil, err
	}
	if o.type1, err = createOptOuts(dir, type1File); err != nil {
		_ = o.close()
		return nil, err
	}
	return o, nil
}

func (o *outputs) sinks() []*sink {
	return []*sink{o.patients, o.gp, o.ae, o.screening, o.care}
}

// rows returns the data row count of each file.
func (o *outputs) rows() map[string]int {
	m := map[string]int{optOutFile: o.optOut.lines, type1File: o.type1.lines}
	for _, s := range o.sinks() {
		m[s.name] = s.rows
	}
	return m
}

// close closes every open file and joins their errors.
func (o *outputs) close() error {
	var errs []error
	for _, s := range o.sinks() {
		if s != nil {
			errs = append(errs, s.close())
		}
	}
	for _, l := range []*optOuts{o.optOut, o.type1} {
		if l != nil {
			errs = append(errs, l.close())
		}
	}
	return errors.Join(errs...)
}
