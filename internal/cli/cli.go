// Package cli is the yusuan command line. cmd/yusuan only calls Main, so
// end-to-end tests run the same code in-process.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/yusuan/yusuan/internal/lazyre"
)

// Exit statuses: one convention for every command.
const (
	ExitOK       = 0
	ExitFindings = 1 // check ran and found errors
	ExitInput    = 2 // an input could not be read or is invalid, or the command line is wrong
)

// inputError marks an error caused by a user's input file.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

// exitError carries a status without a message (already printed).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Main runs the command line and returns the exit status: 0 when all is
// well, 1 when check found errors, 2 for anything that stopped the work (an
// unreadable or invalid input, a limit, a wrong command line).
func Main(args []string, stdout, stderr io.Writer) int {
	return MainIn(args, nil, stdout, stderr)
}

// MainIn is Main with standard input given (os.Stdin when nil), for
// commands that read it (user add --password-stdin).
func MainIn(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	if stdin != nil {
		root.SetIn(stdin)
	}
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(stderr, "yusuan: %v\n", usageMessage(err))
	return ExitInput
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "yusuan",
		Short:         "预算 — compile, read, check and publish Chinese department budget disclosures",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	root.SetVersionTemplate("yusuan {{.Version}}\n")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return inputError{err} })
	lim := limitFlags(root)
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		return lim.apply()
	}
	for _, c := range commands {
		root.AddCommand(c())
	}
	return root
}

// version is the module version and the commit it was built from, as the
// Go toolchain records them in the binary.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown version)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, when string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " commit " + rev
		if modified {
			v += "（含未提交的修改）"
		}
		if when != "" {
			v += " " + when
		}
	}
	return v + " " + bi.GoVersion
}

// usageMessage puts the command-line library's English messages into
// Chinese; other errors are already written for the user.
func usageMessage(err error) string {
	m := err.Error()
	for _, r := range usageRewrites {
		if r.re.MatchString(m) {
			return r.re.ReplaceAllString(m, r.out)
		}
	}
	return m
}

var usageRewrites = []struct {
	re  *lazyre.Regexp
	out string
}{
	{lazyre.New(`^unknown command "(.*)" for "(.*)"[\s\S]*`), `未知命令 "$1"；可用命令见 $2 --help`},
	{lazyre.New(`^unknown flag: (\S+)`), `未知选项 $1；可用选项见 --help`},
	{lazyre.New(`^unknown shorthand flag: '(.)' in (\S+)`), `未知选项 -$1（在 $2 中）；可用选项见 --help`},
	{lazyre.New(`^flag needs an argument: (.+)`), `选项 $1 需要一个值`},
	{lazyre.New(`^invalid argument "(.*)" for "(.*)" flag: .*`), `选项 $2 的值 "$1" 无效`},
	{lazyre.New(`^accepts (\d+) arg\(s\), received (\d+)`), `需要 $1 个参数，实际给了 $2 个；用法见 --help`},
	{lazyre.New(`^requires at least (\d+) arg\(s\), only received (\d+)`), `至少需要 $1 个参数，实际给了 $2 个；用法见 --help`},
	{lazyre.New(`^accepts at most (\d+) arg\(s\), received (\d+)`), `最多 $1 个参数，实际给了 $2 个；用法见 --help`},
	{lazyre.New(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)`), `需要 $1 到 $2 个参数，实际给了 $3 个；用法见 --help`},
	{lazyre.New(`^unknown command "(.*)"`), `未知命令 "$1"`},
}

// commands are the subcommands; each file registers its own in init, so
// commands can be added without touching this file.
var commands []func() *cobra.Command

func register(c func() *cobra.Command) { commands = append(commands, c) }

// Run is what cmd/yusuan calls.
func Run() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) }
