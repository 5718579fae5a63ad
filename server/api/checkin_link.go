package api

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/apperr"
)

// The venue's check-in link, https://<host>/c/<activity>/<code>, is what the
// venue's QR holds (activities/checkin_code.go).
//
// WeChat's documentation of 扫普通链接二维码打开小程序 (developers.weixin.qq.com,
// miniprogram/introduction/qrcode) says: a rule is a URL prefix registered in
// the mini program's admin (开发管理 → 开发设置); a rule ending in / matches
// its sub-paths; WeChat's 扫一扫 then opens the rule's page with the link,
// URL-encoded, as the option q (decodeURIComponent once) and scancode_time
// (Unix seconds of the scan); to register the rule the admin gives a random
// verification file that must be served at the rule's last sub-directory or
// at the host's root. Where the rule is not (yet) published, and for a phone's
// own camera, the link opens as a web page: GET /c/<activity>/<code> answers
// with one that says to scan with WeChat, and shows the code to type.

// mountCheckinLink adds the venue link's page and, when configured, the
// verification file of 扫普通链接二维码. The file's routes exist only when a
// deployment names its file: they belong to WeChat's check, not to the API's
// contract (openapi.yaml), like the service's own page at /.
func (s *Server) mountCheckinLink(e *gin.Engine) {
	e.GET(activities.CheckinLinkPath+":activity/:code", s.checkinLinkPage)
	if name := s.Config.WeChat.LinkVerifyFile; name != "" {
		e.GET("/"+name, s.linkVerifyFile)
		e.GET(activities.CheckinLinkPath+name, s.linkVerifyFile)
	}
}

// linkVerifyFile answers WeChat's ownership check with the configured text.
func (s *Server) linkVerifyFile(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(s.Config.WeChat.LinkVerifyContent))
}

// checkinLinkPage is the venue link opened outside WeChat (a phone's own
// camera, a browser): it says to scan with WeChat, and shows the code for
// a deputy to type in the mini program. No sign-in; it shows only what the
// link itself holds.
func (s *Server) checkinLinkPage(c *gin.Context) {
	pageHeaders(c)
	status := http.StatusOK
	id, err := strconv.ParseInt(c.Param("activity"), 10, 64)
	if err != nil || id <= 0 {
		status = http.StatusNotFound
	}
	data := struct{ Code string }{}
	if status == http.StatusOK {
		data.Code = activities.NormalizeTypedCode(c.Param("code"))
	}
	var buf bytes.Buffer
	if err := checkinLinkTemplate.Execute(&buf, data); err != nil {
		fail(c, apperr.Internal(fmt.Errorf("checkin link page: %w", err)))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

var checkinLinkTemplate = template.Must(template.New("checkin-link").Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>代表签到</title>
<style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;padding:16px;background:#f5f5f5;color:#222;line-height:1.6;font-size:20px}
main{max-width:640px;margin:0 auto;background:#fff;border-radius:8px;padding:20px;text-align:center}
h1{font-size:26px;color:#b71c1c;margin:0 0 12px}
.label{margin:20px 0 0;color:#555}
.code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:48px;font-weight:700;letter-spacing:.15em;margin:4px 0 8px;word-break:break-all}
.how{text-align:left;margin:16px 0 0}
.muted{color:#555;font-size:17px}
</style>
</head>
<body>
<main>
<h1 id="scan">请用微信“扫一扫”扫描此码签到</h1>
<p>这是人大代表活动的签到码，需要在微信里打开。请打开微信，点右上角的“+”，选“扫一扫”，对准会场屏幕上的二维码。</p>
{{if .Code}}<p class="label">签到码</p>
<p class="code" id="code">{{.Code}}</p>
<p class="how">扫不了码的话：打开微信里的“人大代表联络站”小程序，进入“扫码签到”，输入上面的 6 位数字。签到码每 30 秒更换一次，请以会场屏幕上最新的为准。</p>{{end}}
<p class="muted">还是签不了，请找会场的工作人员为您登记签到。</p>
</main>
</body>
</html>
`))
