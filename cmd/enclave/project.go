package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave"
)

func newProjectCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "project",
		Short: "Create, review and govern research projects",
		Long: `project manages research projects through their life:
draft -> submitted -> approved -> active -> (suspended <-> active) -> closed, or rejected,
and expired after the expiry date. policies/governance.rego decides every action;
a refusal lists the policy's reasons.`,
	}
	cmd.AddCommand(
		newProjectCreateCommand(a), newProjectUpdateCommand(a), newProjectShowCommand(a),
		newProjectListCommand(a), newProjectMemberCommand(a), newProjectRegisterCommand(a),
	)
	for _, t := range enclave.Transitions {
		cmd.AddCommand(newProjectTransitionCommand(a, t))
	}
	return cmd
}

// projectFields are the flags that fill in a project, for create and update.
type projectFields struct {
	title, purpose, purposeFile, lead, basis, start, expiry string
	scope                                                   []string
	threshold, rounding                                     int
	outputReview                                            bool
}

var projectFlagNames = []string{"title", "purpose", "purpose-file", "lead", "legal-basis", "start", "expiry", "scope", "threshold", "rounding", "output-review"}

func (f *projectFields) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.title, "title", "", "title")
	fl.StringVar(&f.purpose, "purpose", "", "purpose, in plain words")
	fl.StringVar(&f.purposeFile, "purpose-file", "", "read the purpose from this file")
	fl.StringVar(&f.lead, "lead", "", "lead researcher's principal id")
	fl.StringVar(&f.basis, "legal-basis", "", "consent, s251_standard, s251_exempt, copi, legal_requirement or anonymised")
	fl.StringVar(&f.start, "start", "", "first day, YYYY-MM-DD")
	fl.StringVar(&f.expiry, "expiry", "", "last day, YYYY-MM-DD")
	fl.StringArrayVar(&f.scope, "scope", nil, "DATASET:COLUMN,COLUMN... (repeat for each dataset)")
	fl.IntVar(&f.threshold, "threshold", 0, "smallest count of people released (not below the datasets' minimum)")
	fl.IntVar(&f.rounding, "rounding", 0, "rounding base of released counts (not below the datasets' minimum)")
	fl.BoolVar(&f.outputReview, "output-review", false, "hold every answer for output review by governance officers (docs/review.md)")
}

// parseScope reads --scope values, "gp_events:bmi,snomed_code".
func parseScope(values []string) (enclave.Scope, error) {
	if len(values) == 0 {
		return nil, nil
	}
	s := enclave.Scope{}
	for _, v := range values {
		ds, cols, ok := strings.Cut(v, ":")
		if !ok || ds == "" || cols == "" {
			return nil, fmt.Errorf("--scope %q: want DATASET:COLUMN,COLUMN", v)
		}
		if _, dup := s[ds]; dup {
			return nil, fmt.Errorf("--scope: dataset %s given twice", ds)
		}
		s[ds] = strings.Split(cols, ",")
	}
	return s, nil
}

func (f *projectFields) purposeText() (string, error) {
	if f.purposeFile == "" {
		return f.purpose, nil
	}
	if f.purpose != "" {
		return "", fmt.Errorf("give --purpose or --purpose-file, not both")
	}
	b, err := os.ReadFile(f.purposeFile)
	return strings.TrimSpace(string(b)), err
}

func newProjectCreateCommand(a *app) *cobra.Command {
	var f projectFields
	var members []string
	var file, format string
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create a draft project (governance officers), from flags or a JSON file",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var d enclave.ProjectDraft
			if file != "" {
				for _, name := range append(projectFlagNames, "member") {
					if cmd.Flags().Changed(name) {
						return fmt.Errorf("--file holds the whole project: --%s cannot be added to it", name)
					}
				}
				raw, err := os.ReadFile(file)
				if err != nil {
					return err
				}
				dec := json.NewDecoder(strings.NewReader(string(raw)))
				dec.DisallowUnknownFields()
				if err := dec.Decode(&d); err != nil {
					return fmt.Errorf("%s: %w", file, err)
				}
			} else {
				purpose, err := f.purposeText()
				if err != nil {
					return err
				}
				scope, err := parseScope(f.scope)
				if err != nil {
					return err
				}
				d = enclave.ProjectDraft{
					Title: f.title, Purpose: purpose, Lead: f.lead, Members: members, LegalBasis: f.basis,
					StartDate: f.start, ExpiryDate: f.expiry, Scope: scope,
					Disclosure:   enclave.Disclosure{Threshold: f.threshold, Rounding: f.rounding},
					OutputReview: f.outputReview,
				}
			}
			return a.projectCall(cmd, "POST", "/v1/projects", d, format)
		},
	}
	f.register(cmd)
	cmd.Flags().StringArrayVar(&members, "member", nil, "member researcher's principal id (repeatable)")
	cmd.Flags().StringVar(&file, "file", "", "a JSON file holding the whole project (as POST /v1/projects takes)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newProjectUpdateCommand(a *app) *cobra.Command {
	var f projectFields
	var reason, format string
	cmd := &cobra.Command{
		Use:   "update PROJECT_ID",
		Short: "Change a project's fields; after approval it goes back for approval",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var patch struct {
				enclave.ProjectPatch
				Reason string `json:"reason,omitempty"`
			}
			patch.Reason = reason
			purpose, err := f.purposeText()
			if err != nil {
				return err
			}
			if patch.Scope, err = parseScope(f.scope); err != nil {
				return err
			}
			set := func(flag string, v string) *string {
				if cmd.Flags().Changed(flag) || (flag == "purpose" && f.purposeFile != "") {
					return &v
				}
				return nil
			}
			p := &patch.ProjectPatch
			p.Title, p.Purpose, p.Lead = set("title", f.title), set("purpose", purpose), set("lead", f.lead)
			p.LegalBasis, p.StartDate, p.ExpiryDate = set("legal-basis", f.basis), set("start", f.start), set("expiry", f.expiry)
			if cmd.Flags().Changed("threshold") || cmd.Flags().Changed("rounding") {
				if !cmd.Flags().Changed("threshold") || !cmd.Flags().Changed("rounding") {
					return fmt.Errorf("give --threshold and --rounding together")
				}
				p.Disclosure = &enclave.Disclosure{Threshold: f.threshold, Rounding: f.rounding}
			}
			if cmd.Flags().Changed("output-review") {
				p.OutputReview = &f.outputReview
			}
			return a.projectCall(cmd, "PATCH", "/v1/projects/"+url.PathEscape(args[0]), patch, format)
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&reason, "reason", "", "why the change is made")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newProjectTransitionCommand(a *app, name string) *cobra.Command {
	var reason, format string
	short := map[string]string{
		"submit":  "Submit a draft project for approval",
		"approve": "Approve a submitted project (officers who neither created it nor belong to it)",
		"reject":  "Reject a submitted project, with a reason",
		"return":  "Return a submitted project to draft for changes, with a reason",
		"suspend": "Suspend an active project, with a reason",
		"resume":  "Resume a suspended project",
		"close":   "Close a project, with a reason",
	}[name]
	cmd := &cobra.Command{
		Use:   name + " PROJECT_ID",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			body := map[string]string{"reason": reason}
			return a.projectCall(cmd, "POST", "/v1/projects/"+url.PathEscape(args[0])+"/"+name, body, format)
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "the written reason, recorded in the project's history")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newProjectMemberCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "member", Short: "Add or remove a project's researchers"}
	for _, verb := range []string{"add", "remove"} {
		var reason, format string
		c := &cobra.Command{
			Use:   verb + " PROJECT_ID PRINCIPAL_ID",
			Short: map[string]string{"add": "Add a researcher to a project", "remove": "Remove a researcher from a project"}[verb],
			Args:  cobra.ExactArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				path := "/v1/projects/" + url.PathEscape(args[0]) + "/members"
				if verb == "add" {
					return a.projectCall(cmd, "POST", path, map[string]string{"principal": args[1], "reason": reason}, format)
				}
				path += "/" + url.PathEscape(args[1]) + "?reason=" + url.QueryEscape(reason)
				return a.projectCall(cmd, "DELETE", path, nil, format)
			},
		}
		c.Flags().StringVar(&reason, "reason", "", "why, recorded in the project's history")
		c.Flags().StringVar(&format, "format", "text", "output format: text or json")
		cmd.AddCommand(c)
	}
	return cmd
}

// projectCall sends a project request and prints the project it answers.
func (a *app) projectCall(cmd *cobra.Command, method, path string, body any, format string) error {
	c, err := a.client()
	if err != nil {
		return err
	}
	var p enclave.Project
	if err := c.do(cmd.Context(), method, path, body, &p); err != nil {
		return err
	}
	if format == "json" {
		return writeJSONOut(a.stdout, p)
	}
	return printProject(a.stdout, p)
}
