package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave/audit"
)

func newAuditCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Read, search and verify the tamper-evident audit log (auditors); acknowledge a rollback (operators) and lift its hold (officers)",
	}
	cmd.AddCommand(newAuditEventsCommand(a), newAuditSummaryCommand(a), newAuditVerifyCommand(a), newAuditProveCommand(a),
		newAuditKeyCommand(a), newAuditCheckpointCommand(a), newAuditHMACCommand(a), newAuditKeygenCommand(a),
		newAuditAcknowledgeRollbackCommand(a), newAuditLiftRollbackHoldCommand(a))
	return cmd
}

// auditEvent mirrors the API's view of an event.
type auditEvent struct {
	Seq        uint64    `json:"seq"`
	Time       time.Time `json:"time"`
	PrevRoot   string    `json:"prev_root"`
	Principal  string    `json:"principal"`
	Role       string    `json:"role"`
	Kind       string    `json:"kind"`
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	Outcome    string    `json:"outcome"`
	Decision   *struct {
		Allow    bool     `json:"allow"`
		Reasons  []string `json:"reasons"`
		Revision string   `json:"revision"`
	} `json:"decision"`
	RequestID string          `json:"request_id"`
	Body      json.RawMessage `json:"body"`
}

func newAuditEventsCommand(a *app) *cobra.Command {
	var format string
	var limit int
	filters := map[string]*string{}
	cmd := &cobra.Command{
		Use:   "events",
		Short: "List audit events, filtered and paged",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" && format != "csv" {
				return fmt.Errorf("--format: invalid value %q: accepted values are table, json, csv", format)
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			q := url.Values{"limit": {strconv.Itoa(limit)}}
			for name, v := range filters {
				if *v != "" {
					q.Set(name, *v)
				}
			}
			var page struct {
				Events []auditEvent `json:"events"`
			}
			if err := c.do(cmd.Context(), "GET", "/v1/audit/events?"+q.Encode(), nil, &page); err != nil {
				return err
			}
			return printEvents(a, format, page.Events)
		},
	}
	for _, f := range []struct{ name, usage string }{
		{"principal", "principal id"}, {"role", "role"}, {"kind", "event kind, e.g. token.create"},
		{"outcome", "success, denied or failure"}, {"project", "project id"}, {"target_type", "target type, e.g. token"}, {"target_id", "target id"},
		{"since", "from this RFC 3339 time"}, {"until", "before this RFC 3339 time"}, {"after", "events after this sequence number (paging)"},
	} {
		v := new(string)
		filters[f.name] = v
		cmd.Flags().StringVar(v, strings.ReplaceAll(f.name, "_", "-"), "", f.usage)
	}
	cmd.Flags().IntVar(&limit, "limit", 100, "at most this many events (1 to 1000)")
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, json or csv")
	return cmd
}

func printEvents(a *app, format string, events []auditEvent) error {
	switch format {
	case "json":
		return writeJSONOut(a.stdout, events)
	case "csv":
		w := csv.NewWriter(a.stdout)
		_ = w.Write([]string{"seq", "time", "principal", "role", "kind", "target_type", "target_id", "outcome", "reasons", "request_id", "body"})
		for _, e := range events {
			_ = w.Write([]string{strconv.FormatUint(e.Seq, 10), e.Time.Format(time.RFC3339Nano), e.Principal, e.Role, e.Kind,
				e.TargetType, e.TargetID, e.Outcome, reasons(e), e.RequestID, string(e.Body)})
		}
		w.Flush()
		return w.Error()
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tTIME\tPRINCIPAL\tROLE\tKIND\tTARGET\tOUTCOME\tREASONS\tQUERY")
	for _, e := range events {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.Time.Format(time.RFC3339), e.Principal, e.Role,
			e.Kind, e.TargetType+":"+e.TargetID, e.Outcome, reasons(e), askedQuery(e))
	}
	return tw.Flush()
}

// askedQuery is the canonical query a query event records (query.run,
// query.check, a refused project.use), as compact JSON, or "".
func askedQuery(e auditEvent) string {
	var body struct {
		Query json.RawMessage `json:"query"`
	}
	if json.Unmarshal(e.Body, &body) != nil || len(body.Query) == 0 {
		return ""
	}
	return string(body.Query)
}

func reasons(e auditEvent) string {
	if e.Decision == nil {
		return ""
	}
	return strings.Join(e.Decision.Reasons, ",")
}

func newAuditKeyCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "key",
		Short: "Print the public key that signs checkpoints (pin it, then verify with --key-file)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.config()
			if err != nil {
				return err
			}
			b, err := newAnonymousClient(c).text(cmd.Context(), "GET", "/v1/audit/key")
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(b)
			return err
		},
	}
}

func newAuditCheckpointCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "checkpoint",
		Short: "Sign a checkpoint of the log as it is now and print it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			b, err := c.text(cmd.Context(), "POST", "/v1/audit/checkpoints")
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(b)
			return err
		},
	}
}

func newAuditHMACCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "hmac VALUE",
		Short: "Print the audit HMAC of a value, to search the log for it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			var out struct {
				HMAC string `json:"hmac"`
			}
			if err := c.do(cmd.Context(), "POST", "/v1/audit/hmac", map[string]string{"value": args[0]}, &out); err != nil {
				return err
			}
			_, err = fmt.Fprintln(a.stdout, out.HMAC)
			return err
		},
	}
}

func newAuditKeygenCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "keygen",
		Short: "Make a development checkpoint signing key (production signs with Vault transit)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.config()
			if err != nil {
				return err
			}
			skey, vkey, err := audit.NewDevSigner(c.AuditOrigin)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "# verifier key (publish): %s\nENCLAVE_AUDIT_SIGNING_KEY=%s\n", vkey, skey)
			return err
		},
	}
}
