package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave"
)

func newTokenRotateCommand(a *app) *cobra.Command {
	var req struct {
		TTL         string `json:"ttl,omitempty"`
		Description string `json:"description,omitempty"`
	}
	var format string
	cmd := &cobra.Command{
		Use:   "rotate",
		Short: "Replace ENCLAVE_TOKEN with a new token (renewal): the old one, and every token it minted, is revoked",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			var tok enclave.IssuedToken
			if err := c.do(cmd.Context(), "POST", "/v1/tokens/rotate", req, &tok); err != nil {
				return err
			}
			return a.output(format, tok, func(w io.Writer) error {
				printIssued(w, tok)
				_, err := fmt.Fprintf(w, "\n%s is revoked: use the new token from now on.\n", tok.RotatedFrom)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&req.TTL, "ttl", "", "lifetime of the new token, such as 720h (default 720h)")
	cmd.Flags().StringVar(&req.Description, "description", "", "what the token is for (default: the old token's)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newTokenHashCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "hash [FILE]",
		Short: "Print the hash of a token read from FILE or standard input, for ENCLAVE_BOOTSTRAP_GOVERNANCE",
		Long: `hash prints "sha256:" and the hex SHA-256 of a token (the first line of FILE, or of
standard input), without contacting a server. A first governance officer generates a token
with 'enclave token generate', keeps it, and gives only this hash to whoever runs
'enclave migrate', so that nobody but the officer ever holds the officer's token.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in := cmd.InOrStdin()
			if len(args) == 1 && args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				in = f
			}
			line, err := bufio.NewReader(in).ReadString('\n')
			if err != nil && err != io.EOF {
				return err
			}
			fp, err := enclave.TokenFingerprint(strings.TrimSpace(line))
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(a.stdout, fp)
			return err
		},
	}
}
