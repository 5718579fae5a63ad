package main

import (
	"context"
	"io"

	"github.com/liaison-stations/liaison/server/app"
	"github.com/liaison-stations/liaison/server/config"
)

// runEnv is what every command starts from.
type runEnv struct {
	lookup     config.Lookup
	stdout     io.Writer
	stderr     io.Writer
	configPath *string
}

// config loads and validates the configuration; an unsafe production
// configuration stops here with a message saying what to set.
func (e *runEnv) config() (config.Config, error) {
	cfg, err := config.Load(*e.configPath, e.lookup)
	if err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

func (e *runEnv) open(ctx context.Context) (*app.App, error) {
	cfg, err := e.config()
	if err != nil {
		return nil, err
	}
	return app.Open(ctx, cfg, e.stderr)
}

func (e *runEnv) openDB(ctx context.Context) (*app.App, error) {
	cfg, err := e.config()
	if err != nil {
		return nil, err
	}
	return app.OpenDB(ctx, cfg, e.stderr)
}
