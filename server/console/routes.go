package console

import (
	"net/http"

	"github.com/liaison-stations/liaison/server/access"
)

// routes lists every console path: the one place a newcomer sees them all.
// Pages (GET) never change anything; every change is a POST, refused when it
// comes from another origin (New wraps the mux in http.CrossOriginProtection).
// A page of a signed-in staff member goes through c.staff, an admin's through
// c.admin; what the person may see inside it is the capabilities' decision.
func (c *Console) routes() {
	m := c.mux
	m.Handle("GET /console", http.RedirectHandler("/console/", http.StatusMovedPermanently))

	// Sign-in (login.go): scan the code with the mini program; no passwords.
	m.HandleFunc("GET /console/login", c.loginPage)
	m.HandleFunc("GET /console/login/{id}/qrcode", c.loginCode)
	m.HandleFunc("GET /console/login/status", c.loginStatus)
	m.HandleFunc("POST /console/login/dev", c.loginDev)
	m.HandleFunc("POST /console/logout", c.logout)

	// 工作台 (home.go).
	m.Handle("GET /console/{$}", c.staff(c.home))

	// 群众留言 (messages_*.go).
	m.Handle("GET /console/messages", c.staff(c.messagesList))
	m.Handle("GET /console/messages/export", c.staff(c.messagesExport))
	m.Handle("GET /console/messages/new", c.staff(c.messageNew))
	m.Handle("POST /console/messages/new", c.staff(c.messageCreate))
	m.Handle("GET /console/messages/photos/{photo}", c.staff(c.messagePhoto))
	m.Handle("GET /console/messages/{id}", c.staff(c.messageShow))
	m.Handle("POST /console/messages/{id}/handle", c.staff(c.messageHandle))

	// 联络站 (stations_*.go).

	// 代表 (deputies_*.go, deputy_*.go).

	// 代表导入 (deputies_import*.go).

	// 活动 (activities_*.go, activity_*.go).

	// 履职规范 (compliance.go).

	// 用户、邀请、操作日志 (users.go, invites.go, audit.go): admins.

	m.Handle("/console/", c.staff(func(w http.ResponseWriter, r *http.Request, _ *access.Principal) { c.notFound(w, r) }))
}
