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
// Every NHS number is in the 999 range, which is never issued to patients,
// and carries a valid Modulus 11 check digit, so the data cannot be mistaken
// for, or linked to, real people.
//
// All randomness comes from one PCG source seeded from Options.Seed and is
// drawn in a fixed order, so the same seed and population size give
// byte-identical files; a larger population with the same seed starts with
// the same people. Rows are streamed person by person: memory does not grow
// with the number of people or events.
//
// The distributions are plausible, not calibrated: age and sex roughly follow
// the Leeds 2021 Census pyramid (with its student bulge), deprivation is
// skewed towards the most deprived decile as in Leeds, and the events cover
// the demo care pathways: children's BMI and obesity, alcohol-related A&E
// attendance (commoner for young adults at weekends), breast screening with a
// familial risk category, and eGFR tests with chronic kidney disease stages
// (commoner with age). "obese" follows the catalogue definition, a BMI of 30
// or more, even for children.
package synth
