package api

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/config"
)

// mountEmployerPages adds the employer's attendance-guarantee notice page
// (no login: the link's token is the key) and its acknowledge form.
//
// The SMS carries the constant link /n and a notice code (Tencent allows no
// link in a template's variable): GET /n asks for the code, GET /n?code=
// shows the page, POST /n (code) acknowledges. /n/<token> links of before
// keep working.
func (s *Server) mountEmployerPages(e *gin.Engine) {
	e.GET("/n", s.employerCodePage)
	e.POST("/n", s.employerCodeAck)
	e.GET("/n/:token", s.employerPage)
	e.POST("/n/:token/ack", s.employerAck)
}

// employerCodePage asks for the notice code, or shows the notice of the code
// given. Guesses are limited per address and per code; a wrong code says so.
func (s *Server) employerCodePage(c *gin.Context) {
	typed := c.Query("code")
	if typed == "" {
		s.renderCodeForm(c, http.StatusOK, "", "")
		return
	}
	code, ok := s.noticeCodeAllowed(c, typed)
	if !ok {
		return
	}
	n, err := s.Activities.EmployerPageByCode(c.Request.Context(), code)
	if isNotFound(err) {
		s.renderCodeForm(c, http.StatusNotFound, typed, "通知码不正确或已过期，请核对短信中的8位通知码。")
		return
	}
	s.renderNotice(c, n, err, "/n", activities.NormalizeNoticeCode(code))
}

// employerCodeAck records the acknowledgement of the code's notice and shows
// the page again (post/redirect/get).
func (s *Server) employerCodeAck(c *gin.Context) {
	code, ok := s.noticeCodeAllowed(c, c.PostForm("code"))
	if !ok {
		return
	}
	_, err := s.Activities.AcknowledgeEmployerNoticeByCode(c.Request.Context(), code)
	if isNotFound(err) {
		s.renderCodeForm(c, http.StatusNotFound, code, "通知码不正确或已过期，请核对短信中的8位通知码。")
		return
	}
	if err != nil {
		s.renderNotice(c, nil, err, "", "")
		return
	}
	c.Redirect(http.StatusSeeOther, "/n?code="+url.QueryEscape(activities.NormalizeNoticeCode(code)))
}

// noticeCodeAllowed takes a guess from the address's and the code's buckets;
// past either it answers 429 with the form and returns false.
func (s *Server) noticeCodeAllowed(c *gin.Context, typed string) (string, bool) {
	rl := s.Config.RateLimits
	buckets := []struct {
		key  string
		rate config.Rate
	}{{"ip:" + c.ClientIP(), rl.NoticeCodePerIP}}
	if code := activities.NormalizeNoticeCode(typed); code != "" {
		buckets = append(buckets, struct {
			key  string
			rate config.Rate
		}{"code:" + code, rl.NoticeCodePerCode})
	}
	for _, b := range buckets {
		if ok, wait := s.limits.allow(c, "notice_code", b.key, b.rate); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds()+0.999)))
			s.renderCodeForm(c, http.StatusTooManyRequests, typed, "尝试次数过多，请稍后再试。")
			return "", false
		}
	}
	return typed, true
}

func isNotFound(err error) bool {
	return err != nil && apperr.From(err).Kind == apperr.KindNotFound
}

func (s *Server) renderCodeForm(c *gin.Context, status int, typed, problem string) {
	pageHeaders(c)
	var buf bytes.Buffer
	if err := codeFormTemplate.Execute(&buf, struct{ Code, Problem string }{typed, problem}); err != nil {
		fail(c, apperr.Internal(err))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

func (s *Server) employerPage(c *gin.Context) {
	n, err := s.Activities.EmployerPage(c.Request.Context(), c.Param("token"))
	s.renderNotice(c, n, err, "/n/"+c.Param("token")+"/ack", "")
}

// employerAck records the acknowledgement and shows the page again (post/redirect/get).
func (s *Server) employerAck(c *gin.Context) {
	token := c.Param("token")
	_, err := s.Activities.AcknowledgeEmployerNotice(c.Request.Context(), token)
	if err != nil {
		s.renderNotice(c, nil, err, "", "")
		return
	}
	c.Redirect(http.StatusSeeOther, "/n/"+token)
}

func pageHeaders(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Security-Policy", htmlPolicy)
	c.Header("Referrer-Policy", "no-referrer")
	c.Header("X-Robots-Tag", "noindex")
}

// renderNotice shows the notice; its 确认收到 form posts to ackPath, with
// the notice code when the page was opened by one.
func (s *Server) renderNotice(c *gin.Context, n *activities.EmployerNotice, err error, ackPath, code string) {
	pageHeaders(c)
	if err != nil {
		e := apperr.From(err)
		if e.Kind == apperr.KindNotFound {
			c.Data(http.StatusNotFound, "text/plain; charset=utf-8", []byte("404 通知不存在或已失效\n"))
			return
		}
		fail(c, err)
		return
	}
	var buf bytes.Buffer
	page := struct {
		*activities.EmployerNotice
		AckPath string
		Code    string
	}{n, ackPath, code}
	if err := employerTemplate.Execute(&buf, page); err != nil {
		fail(c, apperr.Internal(err))
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

var employerTemplate = template.Must(template.New("employer").Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.NoticeTitle}}</title>
<style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:16px;background:#f5f5f5;color:#222;line-height:1.6}
main{max-width:640px;margin:0 auto;background:#fff;border-radius:8px;padding:20px}
h1{font-size:20px;color:#b71c1c;text-align:center;margin:0 0 16px}
dl{display:grid;grid-template-columns:5em 1fr;gap:6px 8px;margin:16px 0}
dt{color:#666}dd{margin:0}
.basis{font-size:14px;color:#444;background:#fafafa;border-left:3px solid #b71c1c;padding:8px 12px}
.office{text-align:right;margin-top:16px}
.cancelled{background:#fff3e0;color:#e65100;padding:8px 12px;border-radius:4px}
.ack{background:#e8f5e9;color:#2e7d32;padding:8px 12px;border-radius:4px}
button{width:100%;padding:12px;font-size:16px;background:#b71c1c;color:#fff;border:0;border-radius:6px}
</style>
</head>
<body>
<main>
<h1>{{.NoticeTitle}}</h1>
{{if .Cancelled}}<p class="cancelled" id="cancelled">{{.CancelNote}}</p>{{end}}
<p>{{.Salutation}}</p>
<p>{{.RequestLead}} <strong id="deputy">{{.DeputyName}}</strong> {{.RequestAsk}}</p>
<dl>
<dt>活动</dt><dd id="title">{{.Title}}（{{.KindName}}）</dd>
<dt>时间</dt><dd id="when">{{.When}}</dd>
<dt>地点</dt><dd id="venue">{{.Venue}}</dd>
<dt>组织</dt><dd>{{.StationName}}</dd>
</dl>
<p class="basis">{{.LegalBasis}}</p>
<p class="office" id="office">{{.IssuingOffice}}</p>
{{with .ContactLine}}<p class="office" id="office-phone">{{.}}</p>{{end}}
{{if .AcknowledgedAt}}<p class="ack" id="acknowledged">已确认收到（{{.AcknowledgedAt.Format "2006年1月2日 15:04"}}）。谢谢！</p>
{{else if not .Cancelled}}<form method="post" action="{{.AckPath}}">{{if .Code}}<input type="hidden" name="code" value="{{.Code}}">{{end}}<button type="submit" id="ack">确认收到</button></form>{{end}}
</main>
</body>
</html>
`))

var codeFormTemplate = template.Must(template.New("code").Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>代表履职时间保障通知</title>
<style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:16px;background:#f5f5f5;color:#222;line-height:1.6}
main{max-width:640px;margin:0 auto;background:#fff;border-radius:8px;padding:20px}
h1{font-size:20px;color:#b71c1c;text-align:center;margin:0 0 16px}
label{display:block;margin-bottom:8px}
input{box-sizing:border-box;width:100%;padding:12px;font-size:28px;letter-spacing:.2em;text-align:center;text-transform:uppercase;border:1px solid #999;border-radius:6px}
.problem{background:#fff3e0;color:#b71c1c;padding:8px 12px;border-radius:4px}
button{width:100%;margin-top:12px;padding:12px;font-size:16px;background:#b71c1c;color:#fff;border:0;border-radius:6px}
</style>
</head>
<body>
<main>
<h1>代表履职时间保障通知</h1>
{{if .Problem}}<p class="problem" id="problem">{{.Problem}}</p>{{end}}
<form method="get" action="/n">
<label for="code">请输入短信中的8位通知码：</label>
<input id="code" name="code" value="{{.Code}}" maxlength="16" autocomplete="off" autocapitalize="characters" spellcheck="false" required autofocus>
<button type="submit" id="open">查看通知</button>
</form>
</main>
</body>
</html>
`))
