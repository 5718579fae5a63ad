package devmode

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
)

// Dev mode turns the development sign-in on: anyone who reaches it can be anyone. So it
// listens on this machine unless told otherwise by a host, e.g. --http-addr 0.0.0.0:8080
// to try the mini program on a phone on the LAN.
func TestDevModeListensOnThisMachineUnlessToldAHost(t *testing.T) {
	env := &Env{DSN: "root@tcp(127.0.0.1:1)/liaison?parseTime=true", RedisAddr: "127.0.0.1:2"}
	cases := []struct {
		name       string
		configured string // http_addr of the file or LIAISON_HTTP_ADDR
		flag       string // --http-addr, "" when not given
		want       string
		base       string
	}{
		{"by default it is 127.0.0.1:8080", config.Defaults().HTTPAddr, "", "127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"a configured port alone stays on this machine", ":9090", "", "127.0.0.1:9090", "http://127.0.0.1:9090"},
		{"a flag with a port alone stays on this machine", config.Defaults().HTTPAddr, ":18089", "127.0.0.1:18089", "http://127.0.0.1:18089"},
		{"the flag CI passes is kept", config.Defaults().HTTPAddr, "127.0.0.1:18089", "127.0.0.1:18089", "http://127.0.0.1:18089"},
		{"every interface when the flag says so", config.Defaults().HTTPAddr, "0.0.0.0:8080", "0.0.0.0:8080", "http://localhost:8080"},
		{"every interface when the configuration says so", "0.0.0.0:8080", "", "0.0.0.0:8080", "http://localhost:8080"},
		{"a LAN address is kept", config.Defaults().HTTPAddr, "192.168.1.20:8080", "192.168.1.20:8080", "http://192.168.1.20:8080"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Defaults()
			cfg.HTTPAddr = tc.configured
			got, err := Configure(cfg, env, tc.flag)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.HTTPAddr)
			assert.Equal(t, tc.base, got.PublicBaseURL)
		})
	}
}

func TestTheWelcomeWarnsWhenTheDevelopmentSignInIsOpenToTheNetwork(t *testing.T) {
	welcome := func(addr string) string {
		var b strings.Builder
		(&Instance{Env: &Env{}, Config: config.Config{HTTPAddr: addr}}).Welcome(&b)
		return b.String()
	}
	assert.NotContains(t, welcome("127.0.0.1:8080"), "开发登录对网络开放")
	for _, addr := range []string{"0.0.0.0:8080", "[::]:8080", "192.168.1.20:8080"} {
		assert.Contains(t, welcome(addr), "开发登录对网络开放", addr)
	}
}

// Dev mode gives every notice a placeholder template, so the mini program asks
// for each (the answer to an opinion on a draft too) as it would in production;
// a template configured by the developer is kept.
func TestDevModeGivesEveryNoticeATemplate(t *testing.T) {
	env := &Env{DSN: "root@tcp(127.0.0.1:1)/liaison?parseTime=true", RedisAddr: "127.0.0.1:2"}
	cfg := config.Defaults()
	cfg.Templates.MessageReply = "tmpl-reply-from-the-developer"
	got, err := Configure(cfg, env, "")
	require.NoError(t, err)
	for key, id := range got.Templates.ByKey() {
		assert.NotEmpty(t, id, key)
	}
	assert.Equal(t, "dev-opinion_outcome", got.Templates.OpinionOutcome)
	assert.Equal(t, "tmpl-reply-from-the-developer", got.Templates.MessageReply)
}
