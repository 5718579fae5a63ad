// Package config loads configs/config.yaml and lets the environment override
// every key. Configuration is passed in, never kept in a global, so tests can
// build two services with different settings in one process.
package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/knadh/koanf/providers/confmap"
	"github.com/knadh/koanf/v2"
	"gopkg.in/yaml.v3"
)

// DevelopmentCryptoKey is the public key of configs/config.yaml. Production refuses it.
const DevelopmentCryptoKey = "bGlhaXNvbi1kZXZlbG9wbWVudC1rZXktZG8tbm90LXU="

// Config is the whole configuration. The env tag names the variable that overrides a key.
type Config struct {
	Env       string `yaml:"env" env:"LIAISON_ENV"`
	HTTPAddr  string `yaml:"http_addr" env:"LIAISON_HTTP_ADDR"`
	MySQLDSN  string `yaml:"mysql_dsn" env:"LIAISON_MYSQL_DSN"`
	RedisAddr string `yaml:"redis_addr" env:"LIAISON_REDIS_ADDR"`
	RedisDB   int    `yaml:"redis_db" env:"LIAISON_REDIS_DB"`
	// RedisMasterName, when set, finds the Redis master through Sentinel:
	// RedisAddr then lists the sentinels (see ParseRedis).
	RedisMasterName string        `yaml:"redis_master_name" env:"LIAISON_REDIS_MASTER_NAME"`
	PublicBaseURL   string        `yaml:"public_base_url" env:"LIAISON_PUBLIC_BASE_URL"`
	CryptoKey       string        `yaml:"crypto_key" env:"LIAISON_CRYPTO_KEY"`
	LogLevel        string        `yaml:"log_level" env:"LIAISON_LOG_LEVEL"`
	DevLogin        bool          `yaml:"dev_login" env:"LIAISON_DEV_LOGIN"`
	SessionTTL      time.Duration `yaml:"session_ttl" env:"LIAISON_SESSION_TTL"`
	InviteTTL       time.Duration `yaml:"invite_ttl" env:"LIAISON_INVITE_TTL"`
	// ConsoleIdle ends a console (browser) session after so long without
	// use; ConsoleMaxAge ends it so long after it began in any case.
	ConsoleIdle           time.Duration `yaml:"console_idle" env:"LIAISON_CONSOLE_IDLE"`
	ConsoleMaxAge         time.Duration `yaml:"console_max_age" env:"LIAISON_CONSOLE_MAX_AGE"`
	WeChat                WeChat        `yaml:"wechat"`
	SMS                   SMS           `yaml:"sms"`
	QuietHours            string        `yaml:"quiet_hours" env:"LIAISON_QUIET_HOURS"`
	ScanInterval          time.Duration `yaml:"scan_interval" env:"LIAISON_SCAN_INTERVAL"`
	Worker                Worker        `yaml:"worker"`
	Templates             Templates     `yaml:"subscribe_templates"`
	DefaultCheckinRadiusM int           `yaml:"default_checkin_radius_m" env:"LIAISON_DEFAULT_CHECKIN_RADIUS_M"`
	NotificationsFile     string        `yaml:"notifications_file" env:"LIAISON_NOTIFICATIONS_FILE"`
	UploadsDir            string        `yaml:"uploads_dir" env:"LIAISON_UPLOADS_DIR"`
	// TrustedProxies are the CIDRs (or addresses) of reverse proxies whose
	// X-Forwarded-For is believed, comma-separated; empty trusts none, and
	// the client address is the TCP peer.
	TrustedProxies string `yaml:"trusted_proxies" env:"LIAISON_TRUSTED_PROXIES"`
	// MaxBodyBytes caps a request body other than an upload (413 beyond).
	MaxBodyBytes int64 `yaml:"max_body_bytes" env:"LIAISON_MAX_BODY_BYTES"`
	// ImportLimits bound opening an uploaded deputies' .xlsx (a zip).
	ImportLimits ImportLimits `yaml:"import_limits"`
	// RateLimits bound sign-in, invite redemption and uploads per client
	// address and per user (shared by all API processes through Redis).
	RateLimits RateLimits `yaml:"rate_limits"`
	// AuditRetention is how long the audit log keeps a row: at least six
	// months (184 days, the Cybersecurity Law's minimum for logs).
	AuditRetention time.Duration `yaml:"audit_retention" env:"LIAISON_AUDIT_RETENTION"`
	// Operator is the unit that runs the service, shown by the mini program
	// (privacy page) from GET /api/v1/meta: a release of the mini program
	// changes only its AppID and the backend address.
	Operator Operator `yaml:"operator"`
	// PublicStationLetters shows on a station's public card the messages
	// written to its deputies this year and those answered (off by default).
	PublicStationLetters bool `yaml:"public_station_letters" env:"LIAISON_PUBLIC_STATION_LETTERS"`
}

// Operator is the operating unit (运营单位) and how to reach it, as the
// 政务 rules and the privacy guide require. The shipped values are
// placeholders; production refuses them.
type Operator struct {
	Name  string `yaml:"name" env:"LIAISON_OPERATOR_NAME" json:"name"`
	Phone string `yaml:"phone" env:"LIAISON_OPERATOR_PHONE" json:"phone"`
	Email string `yaml:"email" env:"LIAISON_OPERATOR_EMAIL" json:"email"`
	// PrivacyContact is who answers about personal information (the
	// privacy guide's contact): a person or office, and how to reach them.
	PrivacyContact string `yaml:"privacy_contact" env:"LIAISON_PRIVACY_CONTACT" json:"privacy_contact"`
}

// PlaceholderOperatorName is the operator name of configs/config.yaml: a
// placeholder that production refuses. The shipped phone, email and privacy
// contact are empty, so that no made-up number is ever shown.
const PlaceholderOperatorName = "未配置的运营单位"

// Problems lists what production refuses in the operator: the shipped
// placeholder name, and an empty name, phone or privacy contact.
func (o Operator) Problems() []string {
	var out []string
	if strings.TrimSpace(o.Name) == "" || o.Name == PlaceholderOperatorName {
		out = append(out, "LIAISON_OPERATOR_NAME")
	}
	if strings.TrimSpace(o.Phone) == "" {
		out = append(out, "LIAISON_OPERATOR_PHONE")
	}
	if strings.TrimSpace(o.PrivacyContact) == "" {
		out = append(out, "LIAISON_PRIVACY_CONTACT")
	}
	return out
}

// MinAuditRetention is the least audit_retention accepted: six months.
const MinAuditRetention = 184 * 24 * time.Hour

// Rate is at most Count requests per Per; a zero Count is no limit.
type Rate struct {
	Count int           `yaml:"count"`
	Per   time.Duration `yaml:"per"`
}

// RateLimits are the abuse limits of the routes that have none of their
// own. The defaults let 700 deputies behind one venue's NAT sign in within
// 15 minutes.
type RateLimits struct {
	SignInPerIP   Rate `yaml:"sign_in_per_ip"`
	RedeemPerUser Rate `yaml:"redeem_per_user"`
	RedeemPerIP   Rate `yaml:"redeem_per_ip"`
	UploadPerUser Rate `yaml:"upload_per_user"`
	UploadPerIP   Rate `yaml:"upload_per_ip"`
	// NoticeCodePerIP and NoticeCodePerCode bound the guesses of an
	// employer's notice code at /n (a wrong code counts like a right one).
	NoticeCodePerIP   Rate `yaml:"notice_code_per_ip"`
	NoticeCodePerCode Rate `yaml:"notice_code_per_code"`
	// CheckinCodePerDeputy bounds a deputy's check-ins at one activity (a
	// typed code is six digits: each try is a guess, right or wrong).
	CheckinCodePerDeputy Rate `yaml:"checkin_code_per_deputy"`
}

// ImportLimits bound what an uploaded .xlsx may unzip to: all its parts
// together, and its shared strings (the text of its cells), which are read
// whole; parts larger than XMLMemoryBytes are unzipped to temporary files.
type ImportLimits struct {
	UnzipMaxBytes         int64 `yaml:"unzip_max_bytes"`
	SharedStringsMaxBytes int64 `yaml:"shared_strings_max_bytes"`
	XMLMemoryBytes        int64 `yaml:"xml_memory_bytes"`
}

// WeChat holds the mini program's credentials and where its API is reached.
type WeChat struct {
	AppID       string `yaml:"appid" env:"LIAISON_WECHAT_APPID"`
	Secret      string `yaml:"secret" env:"LIAISON_WECHAT_SECRET"`
	APIBase     string `yaml:"api_base" env:"LIAISON_WECHAT_API_BASE"`
	StationPage string `yaml:"station_page" env:"LIAISON_WECHAT_STATION_PAGE"`
	// LinkVerifyFile and LinkVerifyContent are the verification file the
	// mini program's admin gives when the venue link's prefix is registered
	// (扫普通链接二维码打开小程序): its name and its text, served at
	// /<name> and /c/<name>. Empty: none.
	LinkVerifyFile    string `yaml:"link_verify_file" env:"LIAISON_WECHAT_LINK_VERIFY_FILE"`
	LinkVerifyContent string `yaml:"link_verify_content" env:"LIAISON_WECHAT_LINK_VERIFY_CONTENT"`
}

// linkVerifyName is what a verification file's name may be: WeChat's are a
// random word and .txt; nothing that reaches another path.
var linkVerifyName = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$`)

// SMS selects and configures the SMS provider.
type SMS struct {
	Provider  string `yaml:"provider" env:"LIAISON_SMS_PROVIDER"`
	Endpoint  string `yaml:"endpoint" env:"LIAISON_SMS_ENDPOINT"`
	SecretID  string `yaml:"secret_id" env:"LIAISON_SMS_SECRET_ID"`
	SecretKey string `yaml:"secret_key" env:"LIAISON_SMS_SECRET_KEY"`
	SDKAppID  string `yaml:"sdk_app_id" env:"LIAISON_SMS_SDK_APP_ID"`
	Sign      string `yaml:"sign" env:"LIAISON_SMS_SIGN"`
	// ReceiptSecret is the secret path segment of the delivery receipt
	// callback: POST /webhooks/sms/tencent/<secret>. Empty disables it.
	ReceiptSecret string `yaml:"receipt_secret" env:"LIAISON_SMS_RECEIPT_SECRET"`
	// ReceiptAllowIPs lists the addresses or CIDRs Tencent calls from; empty allows any.
	ReceiptAllowIPs string `yaml:"receipt_allow_ips" env:"LIAISON_SMS_RECEIPT_ALLOW_IPS"`
}

// Worker tunes the asynq server.
type Worker struct {
	Concurrency int `yaml:"concurrency" env:"LIAISON_WORKER_CONCURRENCY"`
	// MetricsAddr is where `liaison worker` serves /metrics and /healthz; empty: nowhere.
	MetricsAddr string `yaml:"metrics_addr" env:"LIAISON_WORKER_METRICS_ADDR"`
}

// Templates are the WeChat subscribe message template ids, by purpose.
type Templates struct {
	MessageReply     string `yaml:"message_reply" env:"LIAISON_TEMPLATE_MESSAGE_REPLY" json:"message_reply"`
	MessageFollowup  string `yaml:"message_followup" env:"LIAISON_TEMPLATE_MESSAGE_FOLLOWUP" json:"message_followup"`
	MessageAccepted  string `yaml:"message_accepted" env:"LIAISON_TEMPLATE_MESSAGE_ACCEPTED" json:"message_accepted"` // WeChat only
	ActivityNotice   string `yaml:"activity_notice" env:"LIAISON_TEMPLATE_ACTIVITY_NOTICE" json:"activity_notice"`
	ActivityReminder string `yaml:"activity_reminder" env:"LIAISON_TEMPLATE_ACTIVITY_REMINDER" json:"activity_reminder"`
	ActivityChanged  string `yaml:"activity_changed" env:"LIAISON_TEMPLATE_ACTIVITY_CHANGED" json:"activity_changed"`
	// StaffReminder reaches station staff and deputies about work that is
	// late (overdue messages, unmet station rules).
	StaffReminder string `yaml:"staff_reminder" env:"LIAISON_TEMPLATE_STAFF_REMINDER" json:"staff_reminder"`
	// OpinionOutcome tells a person the office's answer to their opinions
	// on a draft regulation (立法征询).
	OpinionOutcome string `yaml:"opinion_outcome" env:"LIAISON_TEMPLATE_OPINION_OUTCOME" json:"opinion_outcome"`
}

// Defaults is the configuration when neither file nor environment says otherwise.
// It matches configs/config.yaml (a test keeps the two equal).
func Defaults() Config {
	return Config{
		Env:                   "development",
		HTTPAddr:              ":8080",
		MySQLDSN:              "root@tcp(127.0.0.1:3306)/liaison?parseTime=true&loc=UTC&charset=utf8mb4",
		RedisAddr:             "127.0.0.1:6379",
		PublicBaseURL:         "http://localhost:8080",
		CryptoKey:             DevelopmentCryptoKey,
		LogLevel:              "info",
		SessionTTL:            720 * time.Hour,
		InviteTTL:             168 * time.Hour,
		ConsoleIdle:           30 * time.Minute,
		ConsoleMaxAge:         12 * time.Hour,
		WeChat:                WeChat{APIBase: "https://api.weixin.qq.com", StationPage: "pages/station/index"},
		SMS:                   SMS{Provider: "log"},
		QuietHours:            "22:00-08:00",
		ScanInterval:          time.Minute,
		Worker:                Worker{Concurrency: 10, MetricsAddr: ":9091"},
		DefaultCheckinRadiusM: 300,
		NotificationsFile:     "notifications.yaml",
		MaxBodyBytes:          1 << 20,
		ImportLimits:          ImportLimits{UnzipMaxBytes: 150 << 20, SharedStringsMaxBytes: 32 << 20, XMLMemoryBytes: 16 << 20},
		AuditRetention:        26280 * time.Hour,
		Operator:              Operator{Name: PlaceholderOperatorName},
		RateLimits: RateLimits{
			SignInPerIP:   Rate{Count: 1500, Per: 15 * time.Minute},
			RedeemPerUser: Rate{Count: 10, Per: time.Hour},
			RedeemPerIP:   Rate{Count: 300, Per: time.Hour},
			UploadPerUser: Rate{Count: 60, Per: time.Hour},
			UploadPerIP:   Rate{Count: 1500, Per: time.Hour},
			// An office's NAT serves many employers; 8 characters of 32 leave 10^12 codes.
			NoticeCodePerIP:   Rate{Count: 60, Per: time.Hour},
			NoticeCodePerCode: Rate{Count: 30, Per: time.Hour},
			// Ten tries at once, then one a minute: at 1 in 10^6 a guess.
			CheckinCodePerDeputy: Rate{Count: 10, Per: 10 * time.Minute},
		},
	}
}

// Lookup finds an environment variable: its value, and whether it is set
// (os.LookupEnv). A variable that is set overrides the file even when empty.
type Lookup func(name string) (string, bool)

// Environ is a Lookup over a fixed set of variables, for tests and tools.
func Environ(vars map[string]string) Lookup {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

// Load reads the file at path (LIAISON_CONFIG, else configs/config.yaml; a
// missing default file is not an error) over the defaults, then applies the
// environment given by lookup.
func Load(path string, lookup Lookup) (Config, error) {
	cfg := Defaults()
	explicit := path != ""
	if !explicit {
		path, explicit = lookup("LIAISON_CONFIG")
		explicit = explicit && path != ""
	}
	if path == "" {
		path = "configs/config.yaml"
	}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := yaml.Unmarshal(data, &cfg); err != nil {
			return cfg, fmt.Errorf("config: parse %s: %w", path, err)
		}
	case errors.Is(err, os.ErrNotExist) && !explicit:
	default:
		return cfg, fmt.Errorf("config: read %s: %w", path, err)
	}
	if err := applyEnv(&cfg, lookup); err != nil {
		return cfg, err
	}
	// Files named by the configuration sit beside it.
	if !filepath.IsAbs(cfg.NotificationsFile) {
		cfg.NotificationsFile = filepath.Join(filepath.Dir(path), cfg.NotificationsFile)
	}
	return cfg, nil
}

// applyEnv overrides each key whose variable (the env tag) is set, also
// when it is set to the empty string ("LIAISON_QUIET_HOURS=" turns quiet
// hours off). koanf holds the overrides by key and decodes them into the
// typed fields (strings to durations, numbers and booleans); a value that
// does not fit its field is an error naming the variable.
func applyEnv(cfg *Config, lookup Lookup) error {
	set := map[string]any{}
	for _, f := range envFields() {
		if v, ok := lookup(f.variable); ok {
			set[f.key] = v
		}
	}
	if len(set) == 0 {
		return nil
	}
	if err := decodeInto(cfg, set); err != nil {
		// Name the variable at fault: decode each alone.
		for _, f := range envFields() {
			if v, ok := set[f.key]; ok {
				probe := *cfg
				if err := decodeInto(&probe, map[string]any{f.key: v}); err != nil {
					return fmt.Errorf("config: %s=%q: %w", f.variable, v, err)
				}
			}
		}
		return fmt.Errorf("config: environment: %w", err)
	}
	return nil
}

// decodeInto sets the keys of values ("sms.provider": "tencent") in cfg.
func decodeInto(cfg *Config, values map[string]any) error {
	k := koanf.New(".")
	if err := k.Load(confmap.Provider(values, "."), nil); err != nil {
		return err
	}
	return k.UnmarshalWithConf("", cfg, koanf.UnmarshalConf{Tag: "yaml"})
}

// envField is a key of the file (sms.provider) and the variable overriding it.
type envField struct{ key, variable string }

// envFields lists every key that has an environment variable, from the
// struct tags of Config.
func envFields() []envField {
	var out []envField
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			key := prefix + f.Tag.Get("yaml")
			if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeOf(time.Duration(0)) {
				walk(f.Type, key+".")
				continue
			}
			if name := f.Tag.Get("env"); name != "" {
				out = append(out, envField{key, name})
			}
		}
	}
	walk(reflect.TypeOf(Config{}), "")
	return out
}

// Production reports whether this is a production deployment.
func (c Config) Production() bool { return c.Env == "production" }

// Key decodes the crypto key.
func (c Config) Key() ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(c.CryptoKey)
	if err != nil || len(key) != 32 {
		return nil, errors.New("config: crypto_key (LIAISON_CRYPTO_KEY) must be base64 of exactly 32 bytes")
	}
	return key, nil
}

// Validate checks what would make the service unsafe or unable to run.
// In production it refuses the development key, missing WeChat credentials,
// dev_login, the log SMS provider, a public base URL that is not https or
// points at this machine, and the placeholder operator.
func (c Config) Validate() error {
	var problems []string
	if c.Env != "development" && c.Env != "production" {
		problems = append(problems, fmt.Sprintf("env (LIAISON_ENV) must be development or production, not %q", c.Env))
	}
	if _, err := c.Key(); err != nil {
		problems = append(problems, err.Error())
	}
	switch c.SMS.Provider {
	case "log":
	case "tencent":
		if c.SMS.SecretID == "" || c.SMS.SecretKey == "" || c.SMS.SDKAppID == "" || c.SMS.Sign == "" {
			problems = append(problems, "sms.provider tencent needs LIAISON_SMS_SECRET_ID, LIAISON_SMS_SECRET_KEY, LIAISON_SMS_SDK_APP_ID and LIAISON_SMS_SIGN")
		}
	default:
		problems = append(problems, fmt.Sprintf("sms.provider (LIAISON_SMS_PROVIDER) must be log or tencent, not %q", c.SMS.Provider))
	}
	if f := c.WeChat.LinkVerifyFile; f != "" && (!linkVerifyName.MatchString(f) || strings.TrimSpace(c.WeChat.LinkVerifyContent) == "") {
		problems = append(problems, "wechat.link_verify_file (LIAISON_WECHAT_LINK_VERIFY_FILE) must be a plain file name (letters, digits, . _ -) and wechat.link_verify_content (LIAISON_WECHAT_LINK_VERIFY_CONTENT) its text")
	}
	if c.SMS.ReceiptSecret != "" && len(c.SMS.ReceiptSecret) < 16 {
		problems = append(problems, "sms.receipt_secret (LIAISON_SMS_RECEIPT_SECRET) must be at least 16 characters")
	}
	if _, err := c.Redis(); err != nil {
		problems = append(problems, err.Error())
	}
	if _, err := c.Proxies(); err != nil {
		problems = append(problems, err.Error())
	}
	if c.MaxBodyBytes < 1024 {
		problems = append(problems, "max_body_bytes (LIAISON_MAX_BODY_BYTES) must be at least 1024")
	}
	if l := c.ImportLimits; l.UnzipMaxBytes < 1<<20 || l.SharedStringsMaxBytes < 1<<20 || l.XMLMemoryBytes < 1<<20 || l.XMLMemoryBytes > l.UnzipMaxBytes {
		problems = append(problems, "import_limits: unzip_max_bytes, shared_strings_max_bytes and xml_memory_bytes must be at least 1 MB, and xml_memory_bytes at most unzip_max_bytes")
	}
	if c.SessionTTL <= 0 || c.InviteTTL <= 0 || c.ScanInterval <= 0 || c.ConsoleIdle <= 0 || c.ConsoleMaxAge <= 0 {
		problems = append(problems, "session_ttl, invite_ttl, scan_interval, console_idle and console_max_age must be positive")
	}
	if c.AuditRetention < MinAuditRetention {
		problems = append(problems, fmt.Sprintf("audit_retention (LIAISON_AUDIT_RETENTION) must be at least %s (6 months, the Cybersecurity Law's minimum for logs), not %s",
			MinAuditRetention, c.AuditRetention))
	}
	if c.Production() {
		if c.CryptoKey == DevelopmentCryptoKey {
			problems = append(problems, "production refuses the development crypto key: set LIAISON_CRYPTO_KEY (head -c32 /dev/urandom | base64)")
		}
		if c.WeChat.AppID == "" || c.WeChat.Secret == "" {
			problems = append(problems, "production needs WeChat credentials: set LIAISON_WECHAT_APPID and LIAISON_WECHAT_SECRET")
		}
		if c.DevLogin {
			problems = append(problems, "production refuses dev_login: unset LIAISON_DEV_LOGIN")
		}
		if c.SMS.Provider == "log" {
			problems = append(problems, "production refuses the log SMS provider (staff would see SMS as sent that never left): set LIAISON_SMS_PROVIDER=tencent and its credentials")
		}
		if missing := c.Operator.Problems(); len(missing) > 0 {
			problems = append(problems, "production needs the operating unit shown in the mini program's privacy page, not the shipped placeholder: set "+strings.Join(missing, ", ")+" (operator in config.yaml)")
		}
		if why := publicURLProblem(c.PublicBaseURL); why != "" {
			problems = append(problems, "public_base_url (LIAISON_PUBLIC_BASE_URL) "+why+": employers open the links sent by SMS from their phones")
		}
	}
	if len(problems) > 0 {
		return errors.New("config: " + strings.Join(problems, "; "))
	}
	return nil
}

// Proxies are the trusted proxies as CIDRs (an address alone is its /32 or
// /128); nil when none are trusted.
func (c Config) Proxies() ([]string, error) {
	var out []string
	for _, part := range strings.Split(c.TrustedProxies, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if ip := net.ParseIP(part); ip != nil {
			bits := 128
			if ip.To4() != nil {
				bits = 32
			}
			part = fmt.Sprintf("%s/%d", part, bits)
		}
		if _, _, err := net.ParseCIDR(part); err != nil {
			return nil, fmt.Errorf("trusted_proxies (LIAISON_TRUSTED_PROXIES): %q is not an address or CIDR", part)
		}
		out = append(out, part)
	}
	return out, nil
}

// publicURLProblem says what is wrong with a production public base URL:
// it must be https and name a host other than this machine.
func publicURLProblem(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Sprintf("%q is not an absolute URL", raw)
	}
	if u.Scheme != "https" {
		return fmt.Sprintf("%q must use https", raw)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host == "localhost" || strings.HasSuffix(host, ".localhost") || (ip != nil && (ip.IsLoopback() || ip.IsUnspecified())) {
		return fmt.Sprintf("%q points at this machine", raw)
	}
	return ""
}

// ByKey maps each template key (message_reply …) to its configured id.
func (t Templates) ByKey() map[string]string {
	out := map[string]string{}
	for key, id := range t.Fields() {
		out[key] = *id
	}
	return out
}

// Fields maps each template key to the field that holds its id.
func (t *Templates) Fields() map[string]*string {
	return map[string]*string{
		"message_reply":     &t.MessageReply,
		"message_followup":  &t.MessageFollowup,
		"message_accepted":  &t.MessageAccepted,
		"activity_notice":   &t.ActivityNotice,
		"activity_reminder": &t.ActivityReminder,
		"activity_changed":  &t.ActivityChanged,
		"staff_reminder":    &t.StaffReminder,
		"opinion_outcome":   &t.OpinionOutcome,
	}
}
