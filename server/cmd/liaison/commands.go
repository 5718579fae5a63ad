package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/app"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

func serveCmd(env *runEnv) *cobra.Command {
	return serviceCmd(env, "serve", "Serve the HTTP API and the employer notice pages", (*app.App).ServeHTTP)
}

func workerCmd(env *runEnv) *cobra.Command {
	return serviceCmd(env, "worker", "Run the asynq worker (notices, reminders, sweeps)", (*app.App).RunWorkerAlone)
}

func allCmd(env *runEnv) *cobra.Command {
	return serviceCmd(env, "all", "Run the API and the worker in one process", (*app.App).Run)
}

// serviceCmd opens the whole service and runs part of it until interrupted.
func serviceCmd(env *runEnv, use, short string, run func(*app.App, context.Context) error) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := env.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			return run(a, cmd.Context())
		},
	}
}

func migrateCmd(env *runEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "migrate", Short: "Schema migrations"}
	cmd.AddCommand(&cobra.Command{
		Use:   "up",
		Short: "Create the database if missing and apply every migration (safe to run twice)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := env.config()
			if err != nil {
				return err
			}
			st, err := store.MigrateUp(cmd.Context(), cfg.MySQLDSN)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "schema at version %d (latest %d)\n", st.Version, st.Latest)
			return nil
		},
	}, &cobra.Command{
		Use:   "status",
		Short: "Show the applied and the latest migration",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := env.config()
			if err != nil {
				return err
			}
			st, err := store.Status(cmd.Context(), cfg.MySQLDSN)
			if err != nil {
				return err
			}
			state := "up to date"
			switch {
			case st.Dirty:
				state = "DIRTY: a migration failed half-way; fix it by hand, then force the version"
			case st.Version < st.Latest:
				state = fmt.Sprintf("%d pending: run `liaison migrate up`", st.Latest-st.Version)
			}
			fmt.Fprintf(env.stdout, "applied %d, latest %d: %s\n", st.Version, st.Latest, state)
			return nil
		},
	})
	return cmd
}

// operator is whoever runs a command on the server: an admin with no user
// behind it, so that the command goes through the capabilities' checks.
var operator = &access.Principal{Grants: []access.Grant{{Role: access.RoleAdmin}}}

func adminCmd(env *runEnv) *cobra.Command {
	var in identity.InviteInput
	var stations string
	invite := &cobra.Command{
		Use:   "invite",
		Short: "Print a one-time invite code (bootstrap the first admin with --role admin)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, s := range strings.FieldsFunc(stations, func(r rune) bool { return r == ',' || r == ' ' }) {
				id, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					return fmt.Errorf("--stations: %q is not a station id", s)
				}
				in.StationIDs = append(in.StationIDs, id)
			}
			a, err := env.openDB(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			inv, err := a.Identity.CreateInvite(cmd.Context(), nil, in)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "invite code: %s\nrole: %s\nexpires: %s\nRedeem it in the mini program, or: POST /api/v1/auth/redeem {\"invite_code\":\"%s\"}\n",
				inv.InviteCode, in.Role, inv.ExpiresAt.Format("2006-01-02 15:04 -07:00"), inv.InviteCode)
			return nil
		},
	}
	invite.Flags().StringVar(&in.Role, "role", access.RoleAdmin, "admin, staff or deputy")
	invite.Flags().StringVar(&in.AreaCode, "area", "", "staff: the area code they cover (e.g. 450100)")
	invite.Flags().StringVar(&stations, "stations", "", "staff: comma-separated station ids")
	invite.Flags().Int64Var(&in.DeputyID, "deputy", 0, "deputy: the deputy id")
	var userID int64
	revoke := &cobra.Command{
		Use:   "revoke",
		Short: "Take every role from a user and end all their sessions at once (someone who left)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if userID <= 0 {
				return errors.New("--user: the user id to revoke (see GET /api/v1/admin/users)")
			}
			a, err := env.openDB(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			out, err := a.Identity.Revoke(cmd.Context(), operator, userID)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "user %d: %d roles removed, %d sessions ended, %d invites cancelled\n", out.UserID, out.Roles, out.Sessions, out.Invites)
			return nil
		},
	}
	revoke.Flags().Int64Var(&userID, "user", 0, "the user id (GET /api/v1/admin/users)")
	cmd := &cobra.Command{Use: "admin", Short: "Operator commands"}
	cmd.AddCommand(invite, revoke)
	return cmd
}

func areasCmd(env *runEnv) *cobra.Command {
	var file string
	imp := &cobra.Command{
		Use:   "import",
		Short: "Load administrative divisions (Guangxi's are shipped in configs/areas/guangxi.csv)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := os.Open(file)
			if err != nil {
				return err
			}
			defer f.Close()
			a, err := env.openDB(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			n, err := registry.ImportAreas(cmd.Context(), a.DB, f)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "imported %d areas from %s\n", n, file)
			return nil
		},
	}
	imp.Flags().StringVar(&file, "file", "configs/areas/guangxi.csv", "CSV with header code,name,parent_code,level")
	cmd := &cobra.Command{Use: "areas", Short: "Administrative divisions"}
	cmd.AddCommand(imp)
	return cmd
}

func statsCmd(env *runEnv) *cobra.Command {
	// tallies is a subcommand that does one thing with the database and
	// says what came of it.
	tallies := func(use, short string, do func(ctx context.Context, db *store.DB) (string, error)) *cobra.Command {
		return &cobra.Command{
			Use:   use,
			Short: short,
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				a, err := env.openDB(cmd.Context())
				if err != nil {
					return err
				}
				defer a.Close()
				said, err := do(cmd.Context(), a.DB)
				if err != nil {
					return err
				}
				fmt.Fprintln(env.stdout, said)
				return nil
			},
		}
	}
	check := tallies("check", "Compare the statistics' tallies with a count of the messages from scratch (after a restore or a change by hand)",
		func(ctx context.Context, db *store.DB) (string, error) {
			if err := messages.VerifyTallies(ctx, db); err != nil {
				return "", fmt.Errorf("%w (liaison stats rebuild counts them again)", err)
			}
			return "the tallies agree with the messages", nil
		})
	rebuild := tallies("rebuild", "Count the statistics' tallies again from the messages (one transaction: changes to messages wait for it, minutes on a province's data)",
		func(ctx context.Context, db *store.DB) (string, error) {
			return "the tallies are counted again from the messages", messages.RebuildTallies(ctx, db, time.Now())
		})
	cmd := &cobra.Command{Use: "stats", Short: "The message statistics' tallies"}
	cmd.AddCommand(check, rebuild)
	return cmd
}
