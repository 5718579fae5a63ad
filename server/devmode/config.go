package devmode

import (
	"fmt"
	"net"

	"github.com/liaison-stations/liaison/server/config"
)

// Configure points a loaded configuration (config.Load: file and
// environment, as `liaison` reads them) at the embedded servers and turns on
// what local development needs: the development sign-in and the log SMS
// channel, and listens on 127.0.0.1 unless the address names a host
// (onThisMachine). WeChat keeps whatever the file or the environment configured;
// without credentials Boot answers sign-in and phone codes locally
// (localWeChat) and station codes answer 503, as in `liaison all`.
func Configure(cfg config.Config, env *Env, httpAddr string) (config.Config, error) {
	defaults := config.Defaults()
	cfg.Env = "development"
	cfg.MySQLDSN = env.DSN
	cfg.RedisAddr = env.RedisAddr
	cfg.RedisDB = 0
	cfg.DevLogin = true
	cfg.SMS.Provider = "log"
	if httpAddr != "" {
		cfg.HTTPAddr = httpAddr
	}
	cfg.HTTPAddr = onThisMachine(cfg.HTTPAddr)
	if cfg.PublicBaseURL == defaults.PublicBaseURL {
		cfg.PublicBaseURL = BaseURL(cfg.HTTPAddr)
	}
	fillTemplates(&cfg.Templates)
	return cfg, cfg.Validate()
}

// DefaultHTTPAddr is where dev mode listens unless told otherwise: this machine only,
// since the development sign-in lets anyone who reaches it be anyone.
const DefaultHTTPAddr = "127.0.0.1:8080"

// onThisMachine narrows an address without a host (":8080", liaison's default and the
// shipped config's) to 127.0.0.1. A host given on purpose is kept: 0.0.0.0:8080 to try
// the mini program on a phone on the LAN.
func onThisMachine(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host != "" {
		return addr
	}
	return net.JoinHostPort("127.0.0.1", port)
}

// openToNetwork reports whether an address is reachable from other machines.
func openToNetwork(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return true
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// BaseURL is how a browser on this machine reaches an HTTP listen address.
func BaseURL(httpAddr string) string {
	host, port, err := net.SplitHostPort(httpAddr)
	if err != nil {
		return "http://" + httpAddr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return fmt.Sprintf("http://%s", net.JoinHostPort(host, port))
}

// fillTemplates gives every subscribe template left unconfigured a
// placeholder id ("dev-message_reply" …), so that a mini program asks for
// them and records its grants against dev mode as it would in production.
// Without WeChat credentials the notices still go to the log.
func fillTemplates(t *config.Templates) {
	for key, id := range t.Fields() {
		if *id == "" {
			*id = "dev-" + key
		}
	}
}
