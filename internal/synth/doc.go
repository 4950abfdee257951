// Package synth writes a deterministic, Leeds-like synthetic population: the
// raw files a data provider would send to the enclave, before ingest
// pseudonymises them. It backs `enclave synth --people N --seed S --out DIR`.
//
// Generate writes one CSV file per source system (patients.csv,
// gp_events.csv, ae_attendances.csv, breast_screening.csv, social_care.csv),
// a dataset mapping for each (patients.mapping.yaml and so on, from package
// mappings; the format is package enclave/mapping's), the national data
// opt-out deny list optout_ndoo.dat and a README.txt. The columns and code
// values follow the demo catalogue (package catalogue), with the raw
// identifiers ingest derives catalogue columns from: nhs_number
// (pseudonymised to pid), date_of_birth (coarsened to year_of_birth) and
// postcode (dropped: the file carries its lsoa_code). The mappings say so,
// and allow the 999-range NHS numbers.
//
// Every NHS number is in the 900 000 0000 - 999 999 9999 range, which is
// never issued to patients (the NHS's test numbers), and carries a valid
// Modulus 11 check digit, so the data cannot be mistaken for, or linked to,
// real people. The 999 range comes first and holds about 909,000 valid
// numbers, so a population of up to 900,000 people has only 999 numbers
// (and the same files as before larger populations were possible); a
// region-sized one continues with 998, 997 and so on (5,500,000 people reach
// 993). Only the 999 range is what package pseudonym reports as Synthetic,
// so ingest's synthetic guard sees the rest as ordinary numbers.
//
// All randomness comes from one PCG source seeded from Options.Seed and is
// drawn in a fixed order, so the same seed and population size give
// byte-identical files; a larger population with the same seed starts with
// the same people. Rows are streamed person by person: memory does not grow
// with the number of people or events.
//
// The distributions are plausible, not calibrated (the proportions below, as
// measured on 5,500,000 people, against public statistics for England, are
// in docs/benchmarks.md#region-scale): age and sex roughly follow
// the Leeds 2021 Census pyramid (with its student bulge), deprivation is
// skewed towards the most deprived decile as in Leeds, and the events cover
// the demo care pathways: children's BMI and obesity, alcohol-related A&E
// attendance (commoner for young adults at weekends), breast screening with a
// familial risk category, and eGFR tests with chronic kidney disease stages
// (commoner with age). "obese" follows the catalogue definition, a BMI of 30
// or more, even for children.
//
// Per person over the six-year window, as generated for 5,500,000 people:
// 0.33 A&E attendances a person-year (HES A&E 2014/15: 0.27 at major
// departments, 0.36 at every type), 6.9% of them alcohol-related; breast
// screening coverage of 69.5% (women 53 to 70 screened in the last 36
// months; England 70% in 2023/24); adult social care for 3.0% of adults in
// the window, about 1% a year starting a service (England: 858,720 adults in
// long-term support during 2023/24, about 1.9%, so somewhat low); eGFR tests
// for 39% of adults, 10.3% of adults with a latest result at stage 3a or
// worse (Health Survey for England 2016: 7.3% with an eGFR below 60, so
// somewhat high). gp_events holds these two coded observations only, not
// consultations (365 million appointments a year in England, about six a
// person-year, which would be some 200 million rows for a region). The rates
// are left as they were: changing one would change every seed's files.
package synth
