// Package cli is the yusuan command line. cmd/yusuan only calls Main, so
// end-to-end tests run the same code in-process.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// Exit statuses.
const (
	ExitOK       = 0
	ExitFindings = 1 // the command ran and found errors (check), or failed
	ExitInput    = 2 // an input could not be read or is invalid
)

// inputError marks an error caused by a user's input file.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

// exitError carries a status without a message (already printed).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Main runs the command line and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(stderr, "yusuan: %v\n", err)
	var ie inputError
	if errors.As(err, &ie) {
		return ExitInput
	}
	return ExitFindings
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "yusuan",
		Short:         "预算 — compile, read, check and publish Chinese department budget disclosures",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return inputError{err} })
	for _, c := range commands {
		root.AddCommand(c())
	}
	return root
}

// commands are the subcommands; each file registers its own in init, so
// commands can be added without touching this file.
var commands []func() *cobra.Command

func register(c func() *cobra.Command) { commands = append(commands, c) }

// Run is what cmd/yusuan calls.
func Run() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) }
