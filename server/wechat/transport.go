package wechat

import (
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// DefaultAPIBase is WeChat's own API origin.
const DefaultAPIBase = "https://api.weixin.qq.com"

// wechatHost is the host silenceper hard-codes in its mini program URLs.
const wechatHost = "api.weixin.qq.com"

// httpTimeout bounds every WeChat call, including the ones silenceper makes
// without a context (the mini program code).
const httpTimeout = 10 * time.Second

var (
	// apiOrigin is where requests for api.weixin.qq.com go. silenceper sends
	// everything through the process-wide util.DefaultHTTPClient, so one
	// process talks to one WeChat origin: the one set by the latest New.
	apiOrigin   atomic.Pointer[url.URL]
	installHTTP sync.Once
)

// setAPIBase validates base, makes it the process's WeChat origin and, the
// first time, installs the rewriting client into silenceper.
func setAPIBase(base string) error {
	if base == "" {
		base = DefaultAPIBase
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return fmt.Errorf("wechat: APIBase %q must be an origin like %s", base, DefaultAPIBase)
	}
	apiOrigin.Store(&url.URL{Scheme: u.Scheme, Host: u.Host})
	installHTTP.Do(func() {
		// A new client, not a change to http.DefaultClient, which
		// util.DefaultHTTPClient points at and the whole process shares.
		util.DefaultHTTPClient = &http.Client{
			Timeout:   httpTimeout,
			Transport: originRewriter{next: http.DefaultTransport},
		}
	})
	return nil
}

// originRewriter sends requests for api.weixin.qq.com to apiOrigin, keeping
// their path and query.
type originRewriter struct{ next http.RoundTripper }

// RoundTrip implements http.RoundTripper.
func (rt originRewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	origin := apiOrigin.Load()
	if origin == nil || req.URL.Host != wechatHost {
		return rt.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	u := *req.URL
	u.Scheme, u.Host = origin.Scheme, origin.Host
	out.URL, out.Host = &u, ""
	return rt.next.RoundTrip(out)
}
