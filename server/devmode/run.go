package devmode

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/app"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// BootOptions say how to bring dev mode up.
type BootOptions struct {
	Options
	// HTTPAddr overrides the configuration's listen address when set. Its
	// port must be fixed (not 0): it is printed before the server listens.
	HTTPAddr string
	// AreasFile is the CSV of administrative divisions to load.
	AreasFile string
	// NoSeed leaves the database with its areas only.
	NoSeed bool
	// Log receives the service's JSON logs.
	Log io.Writer
}

// Instance is liaison running on the embedded servers.
type Instance struct {
	Env    *Env
	Config config.Config
	App    *app.App
	// Demo is nil with NoSeed.
	Demo *Demo
	// AdminInvite is a one-time admin invite, made with or without the demo:
	// without it nobody could administer an empty dev database.
	AdminInvite string
	// LocalCodes: stations' and deputies' codes are plain QR codes made
	// here (localCodes), WeChat not being configured.
	LocalCodes bool
}

// Boot starts the embedded servers, migrates the database with
// store.MigrateUp, loads the areas, opens the app as `liaison all` does
// (app.Open) and seeds the demo. cfg is the loaded configuration
// (config.Load); Boot points it at the embedded servers (Configure).
func Boot(ctx context.Context, cfg config.Config, opt BootOptions) (_ *Instance, err error) {
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	if opt.EngineLog == nil {
		opt.EngineLog = opt.Log
	}
	env, err := Start(ctx, opt.Options)
	if err != nil {
		return nil, err
	}
	in := &Instance{Env: env}
	defer func() {
		if err != nil {
			in.Close()
		}
	}()
	if in.Config, err = Configure(cfg, env, opt.HTTPAddr); err != nil {
		return nil, err
	}
	if err := checkListenAddr(in.Config.HTTPAddr); err != nil {
		return nil, err
	}
	if _, err := store.MigrateUp(ctx, in.Config.MySQLDSN); err != nil {
		return nil, err
	}
	if err := importAreas(ctx, in.Config.MySQLDSN, opt.AreasFile); err != nil {
		return nil, err
	}
	var opts []app.Option
	local := &localWeChat{}
	if in.Config.WeChat.AppID == "" {
		opts = append(opts, app.WithLocalSignIn(local))
	}
	if in.App, err = app.Open(ctx, in.Config, opt.Log, opts...); err != nil {
		return nil, err
	}
	in.LocalCodes = useLocalCodes(in.App)
	if err := grantConsoleAdmin(ctx, in.App); err != nil {
		return nil, err
	}
	if opt.NoSeed {
		inv, err := in.App.Identity.CreateInvite(ctx, nil, identity.InviteInput{Role: access.RoleAdmin})
		if err != nil {
			return nil, fmt.Errorf("devmode: admin invite: %w", err)
		}
		in.AdminInvite = inv.InviteCode
		return in, nil
	}
	if in.Demo, err = Seed(ctx, in.App); err != nil {
		return nil, err
	}
	in.AdminInvite = in.Demo.AdminInvite
	local.setPhone(*demoDeputies[demoConvenor].Phone)
	return in, nil
}

// importAreas loads the administrative divisions as `liaison areas import` does.
func importAreas(ctx context.Context, dsn, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("devmode: areas: %w (run from the repository root, or pass --areas)", err)
	}
	defer f.Close()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = registry.ImportAreas(ctx, db, f)
	return err
}

// checkListenAddr fails early, before anything is seeded, when the HTTP
// address is taken or names no fixed port.
func checkListenAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("devmode: http address %q: %w", addr, err)
	}
	if port == "0" || port == "" {
		return fmt.Errorf("devmode: http address %q needs a fixed port", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("devmode: http address: %w (pass --http-addr)", err)
	}
	return ln.Close()
}

// Run serves the API and runs the worker, as `liaison all` does, until ctx
// is done.
func (in *Instance) Run(ctx context.Context) error { return in.App.Run(ctx) }

// Close closes the app, then stops the embedded servers; the data is gone.
func (in *Instance) Close() {
	if in.App != nil {
		in.App.Close()
		in.App = nil
	}
	if in.Env != nil {
		in.Env.Close()
		in.Env = nil
	}
}

// ConsoleAdmin is the openid of dev mode's administrator: the console's
// development sign-in (and a wx.login code) of this value is an admin.
const ConsoleAdmin = "dev-admin"

// grantConsoleAdmin makes ConsoleAdmin an admin the way anyone becomes one,
// by redeeming an admin invite, so that the console can be tried at once.
func grantConsoleAdmin(ctx context.Context, a *app.App) error {
	inv, err := a.Identity.CreateInvite(ctx, nil, identity.InviteInput{Role: access.RoleAdmin})
	if err != nil {
		return fmt.Errorf("devmode: console admin invite: %w", err)
	}
	in, err := a.Identity.SignInDev(ctx, ConsoleAdmin)
	if err != nil {
		return fmt.Errorf("devmode: console admin: %w", err)
	}
	p, err := a.Identity.Authenticate(ctx, in.Token)
	if err != nil {
		return fmt.Errorf("devmode: console admin: %w", err)
	}
	if _, err := a.Identity.Redeem(ctx, p, inv.InviteCode); err != nil {
		return fmt.Errorf("devmode: console admin: %w", err)
	}
	return nil
}
