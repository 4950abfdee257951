package synth

import (
	"strconv"
	"testing"
	"time"
)

// TestPlausibleShares checks the pathways have cases to find, without
// pinning the exact numbers a seed gives.
func TestPlausibleShares(t *testing.T) {
	t.Parallel()
	dir, _ := generate(t, 500, 3)
	dob := map[string]time.Time{}
	for _, row := range readTable(t, dir, "patients.csv").rows {
		d, err := time.Parse(time.DateOnly, row["date_of_birth"])
		if err != nil {
			t.Fatal(err)
		}
		dob[row["nhs_number"]] = d
	}
	ageAt := func(nhs, day string) int {
		d, err := time.Parse(time.DateOnly, day)
		if err != nil {
			t.Fatal(err)
		}
		return person{dob: dob[nhs]}.ageAt(d)
	}

	var childBMI, childObese, oldEGFR, oldCKD3 int
	for i, row := range readTable(t, dir, "gp_events.csv").rows {
		age := ageAt(row["nhs_number"], row["event_date"])
		switch {
		case row["bmi"] != "" && row["egfr"] == "":
			bmi, _ := strconv.ParseFloat(row["bmi"], 64)
			if got, want := row["obese"], strconv.FormatBool(bmi >= 30); got != want {
				t.Errorf("gp_events row %d: obese = %s, want %s", i+1, got, want)
			}
			if age < 4 || age > 17 {
				t.Errorf("gp_events row %d: BMI at age %d, want a child", i+1, age)
			}
			childBMI++
			if row["obese"] == "true" {
				childObese++
			}
		case row["egfr"] != "" && row["bmi"] == "":
			egfr, _ := strconv.ParseFloat(row["egfr"], 64)
			if got, want := row["ckd_stage"], ckdStage(egfr); got != want {
				t.Errorf("gp_events row %d: ckd_stage = %s, want %s", i+1, got, want)
			}
			if age > 70 {
				oldEGFR++
				if s := row["ckd_stage"]; s != "1" && s != "2" {
					oldCKD3++
				}
			}
		default:
			t.Errorf("gp_events row %d: want exactly one of bmi and egfr", i+1)
		}
	}
	if childObese == 0 || childObese*2 > childBMI {
		t.Errorf("%d of %d child BMI entries obese, want some but under half", childObese, childBMI)
	}
	if oldCKD3 == 0 || oldCKD3*10 < oldEGFR {
		t.Errorf("%d of %d eGFR results over 70 at stage 3+, want at least a tenth", oldCKD3, oldEGFR)
	}

	var ae, alcohol, youngWeekend, youngWeekendAlcohol int
	for i, row := range readTable(t, dir, "ae_attendances.csv").rows {
		age := ageAt(row["nhs_number"], row["arrival_date"])
		if got, want := row["age_band"], ageBand(age); got != want {
			t.Errorf("ae_attendances row %d: age_band = %s, want %s", i+1, got, want)
		}
		ae++
		if row["alcohol_related"] == "true" {
			alcohol++
		}
		d, _ := time.Parse(time.DateOnly, row["arrival_date"])
		if wd := d.Weekday(); age >= 18 && age < 30 && (wd == time.Friday || wd == time.Saturday || wd == time.Sunday) {
			youngWeekend++
			if row["alcohol_related"] == "true" {
				youngWeekendAlcohol++
			}
		}
	}
	if alcohol == 0 || alcohol*5 > ae {
		t.Errorf("%d of %d A&E attendances alcohol-related, want some but under a fifth", alcohol, ae)
	}
	if youngWeekendAlcohol*ae <= alcohol*youngWeekend {
		t.Errorf("young adults at weekends: %d of %d alcohol-related, want above the overall %d of %d",
			youngWeekendAlcohol, youngWeekend, alcohol, ae)
	}

	for i, row := range readTable(t, dir, "breast_screening.csv").rows {
		if age := ageAt(row["nhs_number"], row["screening_date"]); age < 50 || age > 70 {
			t.Errorf("breast_screening row %d: age %d, want 50-70", i+1, age)
		}
	}
	var care, older int
	for _, row := range readTable(t, dir, "social_care.csv").rows {
		care++
		if ageAt(row["nhs_number"], row["episode_start"]) >= 65 {
			older++
		}
	}
	if care == 0 || older*2 <= care {
		t.Errorf("%d of %d social care episodes for people 65+, want most", older, care)
	}
}
