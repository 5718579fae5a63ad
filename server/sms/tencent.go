package sms

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	tcsms "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/sms/v20210111"
)

// Defaults of Config.
const (
	DefaultRegion  = "ap-guangzhou"
	DefaultTimeout = 10 * time.Second
)

// Config is the Tencent Cloud SMS account and application.
type Config struct {
	SecretID  string
	SecretKey string
	SDKAppID  string // SmsSdkAppId, e.g. 1400006666
	Sign      string // approved signature (签名), e.g. 某某人大
	// Endpoint overrides sms.tencentcloudapi.com (LIAISON_SMS_ENDPOINT):
	// a host, served over HTTPS, or an origin whose scheme is kept, such as
	// http://127.0.0.1:8080 for a fake.
	Endpoint string
	Region   string        // DefaultRegion when empty
	Timeout  time.Duration // per send, DefaultTimeout when zero
}

// Tencent sends through Tencent Cloud SMS. It is safe for concurrent use.
type Tencent struct {
	client  *tcsms.Client
	appID   string
	sign    string
	timeout time.Duration
	secrets *strings.Replacer
}

// NewTencent builds a sender from cfg. The SDK's own retries and its region
// breaker stay off: whether a failed send is retried is the caller's call,
// made from the error's Class.
func NewTencent(cfg Config) (*Tencent, error) {
	if cfg.SecretID == "" || cfg.SecretKey == "" || cfg.SDKAppID == "" || cfg.Sign == "" {
		return nil, errors.New("sms: SecretID, SecretKey, SDKAppID and Sign are required")
	}
	if common.DefaultHttpClient != nil {
		// The SDK would then share that client and this constructor would
		// change its transport and timeout for everyone.
		return nil, errors.New("sms: common.DefaultHttpClient is set; the adapter needs a client of its own")
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	scheme, host, err := parseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}

	cpf := profile.NewClientProfile()
	cpf.HttpProfile.ReqMethod = http.MethodPost
	cpf.HttpProfile.Scheme = scheme
	cpf.HttpProfile.Endpoint = host
	// The SDK's client timeout is in whole seconds; Send's context carries the exact one.
	cpf.HttpProfile.ReqTimeout = int(math.Ceil(cfg.Timeout.Seconds()))
	cpf.DisableRegionBreaker = true
	cpf.NetworkFailureMaxRetries = 0
	cpf.RateLimitExceededMaxRetries = 0
	cpf.UnsafeRetryOnConnectionFailure = false

	client, err := tcsms.NewClient(common.NewCredential(cfg.SecretID, cfg.SecretKey), cfg.Region, cpf)
	if err != nil {
		return nil, fmt.Errorf("sms: %s", redactSecrets(err.Error(), cfg.SecretID, cfg.SecretKey))
	}
	client.WithHttpTransport(newTransport())
	return &Tencent{
		client:  client,
		appID:   cfg.SDKAppID,
		sign:    cfg.Sign,
		timeout: cfg.Timeout,
		secrets: strings.NewReplacer(cfg.SecretKey, "REDACTED", cfg.SecretID, "REDACTED"),
	}, nil
}

// parseEndpoint splits Config.Endpoint into the SDK's scheme and host; an
// empty endpoint leaves the SDK's own (https://sms.tencentcloudapi.com).
func parseEndpoint(endpoint string) (scheme, host string, err error) {
	if endpoint == "" {
		return "HTTPS", "", nil
	}
	if !strings.Contains(endpoint, "://") {
		if strings.ContainsAny(endpoint, "/?#@ ") {
			return "", "", fmt.Errorf("sms: Endpoint %q must be a host or an origin like https://sms.tencentcloudapi.com", endpoint)
		}
		return "HTTPS", endpoint, nil
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil || u.Fragment != "" {
		return "", "", fmt.Errorf("sms: Endpoint %q must be a host or an origin like https://sms.tencentcloudapi.com", endpoint)
	}
	return strings.ToUpper(u.Scheme), u.Host, nil
}

// Send sends m. A failure is an *Error; see Class for what each class means.
func (t *Tencent) Send(ctx context.Context, m Message) (Result, error) {
	if err := m.check(); err != nil {
		return Result{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	c := &call{}
	ctx = withCall(ctx, c)

	req := tcsms.NewSendSmsRequest()
	req.PhoneNumberSet = common.StringPtrs([]string{"+86" + m.Phone})
	req.SmsSdkAppId = common.StringPtr(t.appID)
	req.SignName = common.StringPtr(t.sign)
	req.TemplateId = common.StringPtr(m.TemplateID)
	req.TemplateParamSet = common.StringPtrs(append([]string{}, m.Params...))
	req.SessionContext = common.StringPtr(strconv.FormatInt(m.ID, 10))

	res, err := t.client.SendSmsWithContext(ctx, req)
	if err != nil {
		return Result{}, t.failure(ctx, c, err)
	}
	return t.result(res)
}

// result reads the status of the one number sent to. Tencent answers 200
// with a per-number Code; anything but "Ok" is a failure for that number.
func (t *Tencent) result(res *tcsms.SendSmsResponse) (Result, error) {
	if res == nil || res.Response == nil || len(res.Response.SendStatusSet) == 0 || res.Response.SendStatusSet[0] == nil {
		// An answer without a status: the request was taken, its fate not told.
		return Result{}, &Error{Class: Unknown, Code: "Liaison.EmptySendStatusSet", Message: "answer without SendStatusSet"}
	}
	st := res.Response.SendStatusSet[0]
	code := deref(st.Code)
	if !strings.EqualFold(code, "Ok") {
		if code == "" {
			return Result{}, &Error{Class: Unknown, Code: "Liaison.EmptyStatusCode", Message: "send status without a code"}
		}
		return Result{}, &Error{Class: classOf(code), Code: code, Message: t.clean(deref(st.Message))}
	}
	r := Result{SerialNo: deref(st.SerialNo)}
	if st.Fee != nil {
		r.Fee = *st.Fee
	}
	return r, nil
}

// failure turns an error from the SDK into an *Error.
func (t *Tencent) failure(ctx context.Context, c *call, err error) error {
	var sdk *tcerr.TencentCloudSDKError
	if !errors.As(err, &sdk) {
		// Not the SDK's: a request it could not even build.
		return &Error{Class: t.lost(c), Code: "ClientError", Message: t.clean(err.Error())}
	}
	if !strings.HasPrefix(sdk.Code, "ClientError.") {
		// Tencent answered with a code (Response.Error).
		return &Error{Class: classOf(sdk.Code), Code: sdk.Code, Message: t.clean(sdk.Message)}
	}
	if status := int(c.status.Load()); status != 0 && status != http.StatusOK {
		return &Error{Class: statusClass(status), Code: "HttpStatus." + strconv.Itoa(status),
			Message: http.StatusText(status)}
	}
	out := &Error{Class: t.lost(c), Code: sdk.Code, Err: transportCause(ctx, sdk)}
	if c.status.Load() == http.StatusOK {
		// An answer came and could not be read: it may well have said Ok.
		out.Class = Unknown
	}
	if out.Err == nil {
		// The SDK's message can quote the whole answer; keep it short.
		out.Message = t.clean(truncate(sdk.Message, 200))
	}
	return out
}

// lost is the class of a call that got no readable answer: Unknown once the
// request was written in full, Retry before (a refused connection, DNS, TLS).
func (t *Tencent) lost(c *call) Class {
	if c.wrote.Load() {
		return Unknown
	}
	return Retry
}

// statusClass classifies an HTTP answer without Tencent's JSON. A gateway
// timeout (504) means the gateway gave up waiting for the SMS service, which
// may have taken the message.
func statusClass(status int) Class {
	switch {
	case status == http.StatusGatewayTimeout:
		return Unknown
	case status >= 500, status == http.StatusTooManyRequests, status == http.StatusRequestTimeout:
		return Retry
	default:
		return Permanent
	}
}

// transportCause is the network or context error under an SDK client error,
// for errors.Is(err, context.DeadlineExceeded) and the like.
func transportCause(ctx context.Context, sdk *tcerr.TencentCloudSDKError) error {
	if cause := sdk.Unwrap(); cause != nil {
		return cause
	}
	return ctx.Err()
}

func (t *Tencent) clean(s string) string { return maskPhones(t.secrets.Replace(s)) }

func redactSecrets(s string, secrets ...string) string {
	for _, v := range secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, "REDACTED")
		}
	}
	return s
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
