// Command liaison runs the liaison service: the HTTP API, the asynq worker,
// migrations and the operator's commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	_ "time/tzdata" // business rules are decided in Asia/Shanghai on any machine

	"github.com/spf13/cobra"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRoot(os.LookupEnv, os.Stdout, os.Stderr).ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "liaison:", describe(err))
		os.Exit(1)
	}
}

// describe is an error as an operator reads it: the message, then each
// field at fault on a line of its own.
func describe(err error) string {
	var e *apperr.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(err.Error())
	for _, name := range slices.Sorted(maps.Keys(e.Fields)) {
		fmt.Fprintf(&b, "\n  %s: %s", name, e.Fields[name])
	}
	return b.String()
}

// newRoot builds the command tree; the environment (lookup) and the writers are passed in so
// that tests can run commands in-process.
func newRoot(lookup config.Lookup, stdout, stderr io.Writer) *cobra.Command {
	var configPath string
	root := &cobra.Command{
		Use:           "liaison",
		Short:         "People's Congress deputy liaison stations: API, worker and tools",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&configPath, "config", "", "config file (default $LIAISON_CONFIG or configs/config.yaml)")
	env := &runEnv{lookup: lookup, stdout: stdout, stderr: stderr, configPath: &configPath}
	root.AddCommand(
		serveCmd(env), workerCmd(env), allCmd(env),
		migrateCmd(env), adminCmd(env), areasCmd(env), statsCmd(env),
	)
	return root
}
