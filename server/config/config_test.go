package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func env(m map[string]string) Lookup { return Environ(m) }

func TestShippedFileMatchesDefaults(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "..", "configs", "config.yaml"), env(nil))
	require.NoError(t, err)
	want := Defaults()
	want.NotificationsFile = filepath.Join("..", "..", "configs", "notifications.yaml")
	assert.Equal(t, want, cfg)
	require.NoError(t, cfg.Validate())
	_, err = os.Stat(cfg.NotificationsFile)
	require.NoError(t, err, "the notifications file is found beside the config file")
}

func TestEnvironmentOverridesFile(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "..", "configs", "config.yaml"), env(map[string]string{
		"LIAISON_HTTP_ADDR":       ":9999",
		"LIAISON_REDIS_DB":        "3",
		"LIAISON_WECHAT_API_BASE": "http://127.0.0.1:1234",
		"LIAISON_SCAN_INTERVAL":   "30s",
		"LIAISON_DEV_LOGIN":       "true",
		"LIAISON_SMS_SDK_APP_ID":  "1400000000",
	}))
	require.NoError(t, err)
	assert.Equal(t, ":9999", cfg.HTTPAddr)
	assert.Equal(t, 3, cfg.RedisDB)
	assert.Equal(t, "http://127.0.0.1:1234", cfg.WeChat.APIBase)
	assert.Equal(t, 30*time.Second, cfg.ScanInterval)
	assert.True(t, cfg.DevLogin)
	assert.Equal(t, "1400000000", cfg.SMS.SDKAppID)
}

func TestAnEmptyVariableOverridesTheFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "config.yaml")
	require.NoError(t, os.WriteFile(file, []byte("quiet_hours: \"21:00-07:00\"\nsms:\n  endpoint: sms.example.com\nworker:\n  metrics_addr: \":9999\"\n"), 0o600))
	cfg, err := Load(file, env(nil))
	require.NoError(t, err)
	assert.Equal(t, "21:00-07:00", cfg.QuietHours, "the file's value")
	cfg, err = Load(file, env(map[string]string{"LIAISON_QUIET_HOURS": "", "LIAISON_SMS_ENDPOINT": "", "LIAISON_WORKER_METRICS_ADDR": ""}))
	require.NoError(t, err)
	assert.Empty(t, cfg.QuietHours, "LIAISON_QUIET_HOURS= turns quiet hours off")
	assert.Empty(t, cfg.SMS.Endpoint)
	assert.Empty(t, cfg.Worker.MetricsAddr, "LIAISON_WORKER_METRICS_ADDR= turns the worker's metrics listener off")
	assert.Equal(t, 10, cfg.Worker.Concurrency, "what is not set keeps its value")
}

func TestMalformedEnvironmentIsAnError(t *testing.T) {
	for name, value := range map[string]string{"LIAISON_REDIS_DB": "three", "LIAISON_SCAN_INTERVAL": "soon", "LIAISON_DEV_LOGIN": "maybe"} {
		_, err := Load("", env(map[string]string{name: value, "LIAISON_HTTP_ADDR": ":1"}))
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), name)
	}
}

func TestExplicitMissingFileIsAnError(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"), env(nil))
	require.Error(t, err)
}

func TestEveryKeyOfTheShippedFileHasAnEnvironmentVariable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "configs", "config.yaml"))
	require.NoError(t, err)
	for _, name := range []string{"LIAISON_ENV", "LIAISON_HTTP_ADDR", "LIAISON_MYSQL_DSN", "LIAISON_REDIS_ADDR",
		"LIAISON_REDIS_DB", "LIAISON_PUBLIC_BASE_URL", "LIAISON_CRYPTO_KEY", "LIAISON_WECHAT_APPID",
		"LIAISON_WECHAT_SECRET", "LIAISON_WECHAT_API_BASE", "LIAISON_SMS_PROVIDER", "LIAISON_SMS_ENDPOINT",
		"LIAISON_SMS_SECRET_ID", "LIAISON_SMS_SECRET_KEY", "LIAISON_SMS_SDK_APP_ID", "LIAISON_SMS_SIGN",
		"LIAISON_QUIET_HOURS", "LIAISON_SCAN_INTERVAL", "LIAISON_OPERATOR_NAME", "LIAISON_OPERATOR_PHONE",
		"LIAISON_OPERATOR_EMAIL", "LIAISON_PRIVACY_CONTACT"} {
		assert.True(t, strings.Contains(string(data), name), "config.yaml does not document %s", name)
	}
}

func TestProductionRefusesUnsafeSettings(t *testing.T) {
	good := Defaults()
	good.Env = "production"
	good.CryptoKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
	good.WeChat.AppID, good.WeChat.Secret = "wx123", "s3cret"
	good.SMS = SMS{Provider: "tencent", SecretID: "id", SecretKey: "key", SDKAppID: "1400000000", Sign: "某某人大"}
	good.PublicBaseURL = "https://liaison.example.gov.cn"
	good.Operator = Operator{Name: "南宁市兴宁区人大常委会办公室", Phone: "0771-5612345", PrivacyContact: "办公室 黄主任 0771-5612345"}
	require.NoError(t, good.Validate())

	cases := []struct {
		name   string
		change func(*Config)
		says   string
	}{
		{"the development crypto key", func(c *Config) { c.CryptoKey = DevelopmentCryptoKey }, "LIAISON_CRYPTO_KEY"},
		{"no WeChat app id", func(c *Config) { c.WeChat.AppID = "" }, "LIAISON_WECHAT_APPID"},
		{"no WeChat secret", func(c *Config) { c.WeChat.Secret = "" }, "LIAISON_WECHAT_SECRET"},
		{"dev_login on", func(c *Config) { c.DevLogin = true }, "dev_login"},
		{"a short crypto key", func(c *Config) { c.CryptoKey = "c2hvcnQ=" }, "32 bytes"},
		{"the log SMS provider", func(c *Config) { c.SMS.Provider = "log" }, "LIAISON_SMS_PROVIDER"},
		{"a public base URL on localhost", func(c *Config) { c.PublicBaseURL = "https://localhost:8080" }, "LIAISON_PUBLIC_BASE_URL"},
		{"a public base URL on 127.0.0.1", func(c *Config) { c.PublicBaseURL = "https://127.0.0.1" }, "points at this machine"},
		{"a public base URL without https", func(c *Config) { c.PublicBaseURL = "http://liaison.example.gov.cn" }, "https"},
		{"the default public base URL", func(c *Config) { c.PublicBaseURL = Defaults().PublicBaseURL }, "LIAISON_PUBLIC_BASE_URL"},
		{"a relative public base URL", func(c *Config) { c.PublicBaseURL = "liaison.example.gov.cn" }, "not an absolute URL"},
		{"the shipped operator", func(c *Config) { c.Operator = Defaults().Operator }, "LIAISON_OPERATOR_NAME, LIAISON_OPERATOR_PHONE, LIAISON_PRIVACY_CONTACT"},
		{"the placeholder operator name", func(c *Config) { c.Operator.Name = PlaceholderOperatorName }, "LIAISON_OPERATOR_NAME"},
		{"a blank operator name", func(c *Config) { c.Operator.Name = "  " }, "LIAISON_OPERATOR_NAME"},
		{"no operator phone", func(c *Config) { c.Operator.Phone = "" }, "LIAISON_OPERATOR_PHONE"},
		{"no privacy contact", func(c *Config) { c.Operator.PrivacyContact = "" }, "LIAISON_PRIVACY_CONTACT"},
	}
	for _, tc := range cases {
		t.Run("production refuses "+tc.name, func(t *testing.T) {
			c := good
			tc.change(&c)
			err := c.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.says)
		})
	}
}

func TestTheOperatorComesFromTheFileAndTheEnvironment(t *testing.T) {
	file := filepath.Join("..", "..", "configs", "config.yaml")
	cfg, err := Load(file, env(nil))
	require.NoError(t, err)
	assert.Equal(t, Operator{Name: PlaceholderOperatorName}, cfg.Operator, "the shipped file holds the placeholder name and no made-up phone")
	require.NoError(t, cfg.Validate(), "development runs with the placeholder")

	cfg, err = Load(file, env(map[string]string{
		"LIAISON_OPERATOR_NAME":   "南宁市兴宁区人大常委会办公室",
		"LIAISON_OPERATOR_PHONE":  "0771-5612345",
		"LIAISON_OPERATOR_EMAIL":  "xnrd@example.gov.cn",
		"LIAISON_PRIVACY_CONTACT": "办公室 黄主任 0771-5612345",
	}))
	require.NoError(t, err)
	assert.Equal(t, Operator{Name: "南宁市兴宁区人大常委会办公室", Phone: "0771-5612345", Email: "xnrd@example.gov.cn", PrivacyContact: "办公室 黄主任 0771-5612345"}, cfg.Operator)

	// Production with every other setting right still refuses the shipped operator.
	prod := map[string]string{
		"LIAISON_ENV": "production", "LIAISON_CRYPTO_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
		"LIAISON_WECHAT_APPID": "wx1", "LIAISON_WECHAT_SECRET": "s", "LIAISON_PUBLIC_BASE_URL": "https://liaison.example.gov.cn",
		"LIAISON_SMS_PROVIDER": "tencent", "LIAISON_SMS_SECRET_ID": "id", "LIAISON_SMS_SECRET_KEY": "key",
		"LIAISON_SMS_SDK_APP_ID": "1400000000", "LIAISON_SMS_SIGN": "某某人大",
	}
	cfg, err = Load(file, env(prod))
	require.NoError(t, err)
	err = cfg.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "LIAISON_OPERATOR_NAME, LIAISON_OPERATOR_PHONE, LIAISON_PRIVACY_CONTACT")
	prod["LIAISON_OPERATOR_NAME"], prod["LIAISON_OPERATOR_PHONE"], prod["LIAISON_PRIVACY_CONTACT"] = "南宁市兴宁区人大常委会办公室", "0771-5612345", "办公室 0771-5612345"
	cfg, err = Load(file, env(prod))
	require.NoError(t, err)
	assert.NoError(t, cfg.Validate(), "the email is optional")
}

func TestAuditRetentionIsAtLeastSixMonths(t *testing.T) {
	cases := []struct {
		name  string
		value string
		ok    bool
	}{
		{"the default of three years", "", true},
		{"exactly 184 days", "4416h", true},
		{"a year", "8760h", true},
		{"five months", "3600h", false},
		{"183 days", "4392h", false},
		{"zero", "0s", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vars := map[string]string{}
			if tc.value != "" {
				vars["LIAISON_AUDIT_RETENTION"] = tc.value
			}
			cfg, err := Load(filepath.Join("..", "..", "configs", "config.yaml"), env(vars))
			require.NoError(t, err)
			err = cfg.Validate()
			if tc.ok {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), "LIAISON_AUDIT_RETENTION")
		})
	}
	assert.Equal(t, 26280*time.Hour, Defaults().AuditRetention)
}
