package config

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTheLinkVerificationFileComesFromTheEnvironment(t *testing.T) {
	cases := []struct {
		name, file, content string
		ok                  bool
	}{
		{"none, the default", "", "", true},
		{"WeChat's file", "AbCdEf1234.txt", "9f2c0b7e1a", true},
		{"a name without its text", "AbCdEf1234.txt", " ", false},
		{"a name reaching another folder", "../config.yaml", "x", false},
		{"a hidden file", ".env", "x", false},
		{"a name with a slash", "c/AbCdEf1234.txt", "x", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Load(filepath.Join("..", "..", "configs", "config.yaml"), env(map[string]string{
				"LIAISON_WECHAT_LINK_VERIFY_FILE": tc.file, "LIAISON_WECHAT_LINK_VERIFY_CONTENT": tc.content}))
			require.NoError(t, err)
			assert.Equal(t, tc.file, cfg.WeChat.LinkVerifyFile)
			assert.Equal(t, tc.content, cfg.WeChat.LinkVerifyContent)
			if tc.ok {
				assert.NoError(t, cfg.Validate())
			} else {
				assert.ErrorContains(t, cfg.Validate(), "LIAISON_WECHAT_LINK_VERIFY_FILE")
			}
		})
	}
}

func TestTheCheckinGuessLimitIsShipped(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "..", "configs", "config.yaml"), env(nil))
	require.NoError(t, err)
	assert.Equal(t, 10, cfg.RateLimits.CheckinCodePerDeputy.Count)
	assert.Positive(t, cfg.RateLimits.CheckinCodePerDeputy.Per)
}
