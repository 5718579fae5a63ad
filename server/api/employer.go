package api

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/apperr"
)

// mountEmployerPages adds the employer's attendance-guarantee notice page
// (no login: the link's token is the key) and its acknowledge form.
func (s *Server) mountEmployerPages(e *gin.Engine) {
	e.GET("/n/:token", s.employerPage)
	e.POST("/n/:token/ack", s.employerAck)
}

func (s *Server) employerPage(c *gin.Context) {
	n, err := s.Activities.EmployerPage(c.Request.Context(), c.Param("token"))
	s.renderEmployerPage(c, n, err)
}

// employerAck records the acknowledgement and shows the page again (post/redirect/get).
func (s *Server) employerAck(c *gin.Context) {
	token := c.Param("token")
	_, err := s.Activities.AcknowledgeEmployerNotice(c.Request.Context(), token)
	if err != nil {
		s.renderEmployerPage(c, nil, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/n/"+token)
}

func (s *Server) renderEmployerPage(c *gin.Context, n *activities.EmployerNotice, err error) {
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Security-Policy", htmlPolicy)
	c.Header("Referrer-Policy", "no-referrer")
	c.Header("X-Robots-Tag", "noindex")
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
	}{n, "/n/" + c.Param("token") + "/ack"}
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
{{if .AcknowledgedAt}}<p class="ack" id="acknowledged">已确认收到（{{.AcknowledgedAt.Format "2006年1月2日 15:04"}}）。谢谢！</p>
{{else if not .Cancelled}}<form method="post" action="{{.AckPath}}"><button type="submit" id="ack">确认收到</button></form>{{end}}
</main>
</body>
</html>
`))
