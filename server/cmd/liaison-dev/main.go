// Command liaison-dev runs liaison with nothing installed but Go: the API and
// the worker of `liaison all` on an in-process MySQL-compatible server and an
// in-process Redis, migrated, loaded with Guangxi's areas and a demo station.
// Data lives in memory and is lost on exit.
//
//	go run ./server/cmd/liaison-dev
//
// It is a binary of its own, not a `liaison dev` sub-command, so that the
// production binary does not carry the embedded engines (see server/devmode).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // business rules are decided in Asia/Shanghai on any machine

	"github.com/spf13/cobra"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/devmode"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRoot(os.LookupEnv, os.Stdout, os.Stderr).ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "liaison-dev:", err)
		os.Exit(1)
	}
}

// newRoot builds the command; the environment (lookup) and the writers are passed in so that
// tests can run it in-process.
func newRoot(lookup config.Lookup, stdout, stderr io.Writer) *cobra.Command {
	var (
		configPath string
		stateFile  string
		opt        devmode.BootOptions
	)
	cmd := &cobra.Command{
		Use:   "liaison-dev",
		Short: "Run liaison on embedded MySQL-compatible storage and Redis, with a demo (data in memory)",
		Long: `liaison-dev serves the API and runs the worker like 'liaison all', but on an in-process
MySQL-compatible server (go-mysql-server) and an in-process Redis (miniredis): no MySQL,
Redis or WeChat credentials needed. The configuration is read as liaison reads it (file,
then LIAISON_* variables), except that the database and Redis are the embedded ones, the
development sign-in is on and SMS go to the log. Data is kept in memory and lost on exit.`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(configPath, lookup)
			if err != nil {
				return err
			}
			opt.Log = stderr
			opt.EngineWarnings = cfg.LogLevel == "debug"
			if !cmd.Flags().Changed("http-addr") {
				opt.HTTPAddr = "" // the configuration's (LIAISON_HTTP_ADDR), on 127.0.0.1 unless it names a host
			}
			in, err := devmode.Boot(cmd.Context(), cfg, opt)
			if err != nil {
				return err
			}
			defer in.Close()
			in.Welcome(stdout)
			if stateFile != "" {
				if err := writeState(stateFile, in.State()); err != nil {
					return err
				}
			}
			return in.Run(cmd.Context())
		},
	}
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	f := cmd.Flags()
	f.StringVar(&configPath, "config", "", "config file (default $LIAISON_CONFIG or configs/config.yaml)")
	f.StringVar(&opt.HTTPAddr, "http-addr", devmode.DefaultHTTPAddr, "HTTP listen address, this machine only by default since the development sign-in is on; "+
		"0.0.0.0:8080 opens it to the LAN (to try the mini program on a phone); a port alone (:8080) means 127.0.0.1; its port must be fixed (overrides LIAISON_HTTP_ADDR)")
	f.IntVar(&opt.MySQLPort, "mysql-port", 0, "port of the embedded MySQL-compatible server on 127.0.0.1 (0: a free one)")
	f.IntVar(&opt.RedisPort, "redis-port", 0, "port of the embedded Redis on 127.0.0.1 (0: a free one)")
	f.StringVar(&opt.AreasFile, "areas", "configs/areas/guangxi.csv", "CSV of administrative divisions to load")
	f.StringVar(&stateFile, "state-file", "", "write the base URL, demo station id and invite codes to this file as JSON (for scripts and end-to-end tests)")
	f.BoolVar(&opt.NoSeed, "no-seed", false, "load the areas only, no demo station, deputies or invites but an admin invite")
	return cmd
}

// writeState writes the state file whole or not at all: a reader polling for
// it never sees half of it.
func writeState(path string, st devmode.State) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("state file: %w", err)
	}
	return os.Rename(tmp, path)
}
