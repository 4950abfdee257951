# Input validation of the project actions (package enclave.governance; see
# governance.rego for the contract). The service builds the input from
# typed records (enclave.ProjectResource), so a record it sends has every
# field, each of its JSON type, and the clock is RFC 3339 in UTC: the other
# files trust that. What types cannot promise is checked here: that the
# action has the records it needs, and that each value is in its domain.
# Each message names the field, never its value. review.rego checks its
# project record with record_errors and record_fields too.
package enclave.governance

import data.enclave.enrolment

input_errors contains "project actions need resource, an object" if {
	input.action in actions
	not is_object(input.resource)
}

input_errors contains sprintf("%s needs resource.%s", [input.action, name]) if {
	some name in needed_records
	not name in object.keys(resource)
}

input_errors contains "project.create must not carry resource.project" if {
	input.action == "project.create"
	"project" in object.keys(resource)
}

input_errors contains msg if {
	some name, fields in record_fields
	needed_records[name]
	some msg in record_errors(name, resource[name], fields)
}

input_errors contains msg if {
	input.action == "project.approve"
	p := resource.project
	some msg in enrolment.enrolments_errors(resource, array.concat([input.principal.id, p.created_by], p.approvals))
}

input_errors contains "resource.settings.approvals_required_sensitive must not be below approvals_required" if {
	needed_records.settings
	s := resource.settings
	positive(s.approvals_required)
	positive(s.approvals_required_sensitive)
	s.approvals_required_sensitive < s.approvals_required
}

# resource is the resource of a project action, when it is an object.
resource := input.resource if {
	input.action in actions
	is_object(input.resource)
}

# needed_records are the records the action needs in its resource.
needed_records contains "proposal" if input.action in proposal_actions

needed_records contains "project" if input.action != "project.create"

needed_records contains "settings" if input.action == "project.approve"

needed_records contains "optout_lists" if input.action == "project.use"

needed_records contains "query" if {
	input.action == "project.use"
	"query" in object.keys(resource)
}

# record_errors(name, x, fields) are the fields of record x whose values
# are outside the domain of their kind.
record_errors(name, x, fields) := {sprintf("resource.%s.%s must be %s", [name, field, kinds[kind]]) |
	some field, kind in fields
	not valid_kind(kind, object.get(x, field, null))
}

# record_fields are the fields whose values have a domain narrower than
# their type, by record.
record_fields := {
	"project": {
		"id": "id",
		"state": "state",
		"created_by": "id",
		"members": "ids",
		"approvals": "ids",
		"start_date": "date",
		"expiry_date": "date",
	},
	"proposal": {
		"start_date": "date",
		"expiry_date": "date",
		"threshold": "count",
		"rounding": "count",
		"minimum_threshold": "count",
		"minimum_rounding": "count",
	},
	"settings": {
		"approvals_required": "positive",
		"approvals_required_sensitive": "positive",
	},
	"optout_lists": {
		"ndoo": "list_state",
		"type1": "list_state",
	},
	"query": {
		"columns": "dataset_columns",
		"minimums": "dataset_settings",
		"scope": "dataset_columns",
		"disclosure": "settings",
		"limits": "limits",
	},
}

kinds := {
	"id": "a non-empty string",
	"ids": "an array of non-empty strings",
	"state": "a stored state: draft, submitted, approved, active, suspended, closed or rejected",
	"date": "a date, YYYY-MM-DD",
	"count": "a whole number, 0 or more",
	"positive": "a whole number, 1 or more",
	"list_state": "ready, missing, stale or key_mismatch",
	"dataset_columns": "an object of datasets, each an array of column names",
	"dataset_settings": "an object of datasets, each {threshold, rounding, mode, dominance_n, dominance_k, p_percent}, with every dataset the query uses",
	"settings": "{threshold, rounding}, whole numbers of 1 or more",
	"limits": "{max_cells, max_group_by}, whole numbers of 1 or more",
}

valid_kind("id", v) if v != ""

valid_kind("ids", v) if id_list(v)

valid_kind("state", v) if v in stored_states

valid_kind("date", v) if valid_date(v)

valid_kind("count", v) if v >= 0

valid_kind("positive", v) if positive(v)

valid_kind("list_state", v) if v in {"ready", "missing", "stale", "key_mismatch"}

valid_kind("dataset_columns", v) if {
	every _, cols in v {
		id_list(cols)
	}
}

valid_kind("dataset_settings", v) if {
	every _, m in v {
		settings_object(m)
		m.mode in {"base", "midpoint6", "cell_key"}
		between(m.dominance_n, 1, 10)
		between(m.dominance_k, 1, 99)
		between(m.p_percent, 1, 100)
	}
	every ds, _ in resource.query.columns {
		v[ds]
	}
}

valid_kind("settings", v) if settings_object(v)

valid_kind("limits", v) if {
	positive(v.max_cells)
	positive(v.max_group_by)
}

id_list(v) if {
	every x in v {
		x != ""
	}
}

settings_object(v) if {
	positive(v.threshold)
	positive(v.rounding)
}

positive(v) if v >= 1

between(v, lo, hi) if {
	v >= lo
	v <= hi
}

# valid_date checks the calendar too, so that "2025-02-30" is refused
# rather than compared as a string.
valid_date(s) if {
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, s)
	month := to_number(substring(s, 5, 2))
	day := to_number(substring(s, 8, 2))
	day >= 1
	day <= days_in_month(to_number(substring(s, 0, 4)), month)
}

days_in_month(year, month) := 29 if {
	month == 2
	leap_year(year)
} else := month_days[month - 1]

month_days := [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

leap_year(year) if {
	year % 4 == 0
	year % 100 != 0
}

leap_year(year) if year % 400 == 0
