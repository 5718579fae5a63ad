package devmode

import (
	"fmt"
	"io"
	"strings"
)

// Welcome writes what to do next: where the service is, how to sign in and
// take the demo invites, and how to look inside the embedded servers.
func (in *Instance) Welcome(w io.Writer) {
	base := BaseURL(in.Config.HTTPAddr)
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }

	p("liaison 开发模式 / dev mode")
	p("")
	p("  API        %s   (curl %s/readyz)", base, base)
	p("  管理后台   %s/console/   (开发登录 openid %s, an admin / development sign-in)", base, ConsoleAdmin)
	p("  OpenAPI    %s/api/v1/openapi.yaml", base)
	p("  MySQL      127.0.0.1:%d  (go-mysql-server, in memory)   mysql -h127.0.0.1 -P%d -uroot %s", in.Env.MySQLPort, in.Env.MySQLPort, DatabaseName)
	p("  Redis      %s  (miniredis, in memory)   redis-cli -p %d", in.Env.RedisAddr, in.Env.RedisPort)
	p("")
	if openToNetwork(in.Config.HTTPAddr) {
		p("  注意：开发登录对网络开放，能访问 %s 的人都可以以任何身份登录。", in.Config.HTTPAddr)
		p("  Warning: the development sign-in is open to the network: anyone reaching %s can sign in as anyone.", in.Config.HTTPAddr)
	}
	p("  数据只保存在内存中，退出即丢失。Data is kept in memory and lost on exit.")
	p("  短信和微信通知写入日志（stderr）。SMS and WeChat notices go to the log (stderr).")
	p("")
	p("登录 / Sign in (development sign-in; any openid is a WeChat user of its own):")
	p("  curl -s -XPOST %s/api/v1/auth/dev -d '{\"openid\":\"demo-staff\"}'     # → {\"token\":...}", base)
	p("  TOKEN=$(curl -s -XPOST %s/api/v1/auth/dev -d '{\"openid\":\"demo-staff\"}' | sed -E 's/.*\"token\":\"([^\"]+)\".*/\\1/')", base)
	p("  curl -s %s/api/v1/me -H \"Authorization: Bearer $TOKEN\"", base)
	p("")
	if in.App != nil && in.Config.WeChat.AppID == "" {
		p("小程序 / Mini program: import miniprogram/ in WeChat DevTools (base URL %s).", base)
		p("  wx.login signs in as one development user (codes \"dev-NAME\" as user dev-NAME);")
		p("  the phone button binds that user to the demo convenor; a phone code \"dev-13800138002\"")
		p("  binds it to the demo deputy with that number.")
		p("")
	}
	if in.LocalCodes {
		p("联络站码、代表码 / Station and deputy codes: plain QR codes made here (WeChat is not configured),")
		p("  holding the page and scene to open in DevTools' compile mode, e.g. pages/deputy/index?scene=d%%3D1.")
		p("")
	}
	p("邀请码 / Invite codes (each works once; redeem while signed in):")
	if d := in.Demo; d != nil {
		p("  %-22s%s", fmt.Sprintf("staff of station %d", d.Station.ID), d.StaffInvite)
	}
	p("  %-22s%s", "admin", in.AdminInvite)
	if d := in.Demo; d != nil {
		p("  deputy %s%s%s", d.Deputies[demoConvenor].Name, strings.Repeat(" ", 15-2*len([]rune(d.Deputies[demoConvenor].Name))), d.DeputyInvite)
	}
	code := in.AdminInvite
	if in.Demo != nil {
		code = in.Demo.StaffInvite
	}
	p("  curl -s -XPOST %s/api/v1/auth/redeem -H \"Authorization: Bearer $TOKEN\" -d '{\"invite_code\":\"%s\"}'", base, code)
	p("  curl -s %s/api/v1/admin/stations -H \"Authorization: Bearer $TOKEN\"", base)
	p("  curl -s %s/api/v1/admin/deputies -H \"Authorization: Bearer $TOKEN\"", base)
	if d := in.Demo; d != nil {
		p("")
		p("演示联络站 / Demo station: %d %s (%d deputies)", d.Station.ID, d.Station.Name, len(d.Deputies))
		p("  public card  %s/api/v1/stations/%d", base, d.Station.ID)
		p("  nearby       %s/api/v1/stations?near=%.6f,%.6f", base, *d.Station.Latitude, *d.Station.Longitude)
		p("  代表码 / deputy codes (scene d=<id>; sign in as one with the phone code dev-<phone>):")
		for i, dep := range d.Deputies {
			p("    d=%-4d %s  %s  %s/api/v1/deputies/%d", dep.ID, dep.Name, *demoDeputies[i].Phone, base, dep.ID)
		}
	} else {
		p("")
		p("没有演示数据 / No demo data (--no-seed): only Guangxi's areas are loaded.")
	}
	p("")
	p("Ctrl-C 停止 / stops.")
	_, _ = io.WriteString(w, b.String())
}

// State is what a program driving dev mode needs (an end-to-end test, a
// script): where it serves and the demo's ids and invite codes. Written as
// JSON by liaison-dev --state-file.
type State struct {
	BaseURL      string `json:"base_url"`
	StationID    int64  `json:"station_id,omitempty"`
	StaffInvite  string `json:"staff_invite,omitempty"`
	AdminInvite  string `json:"admin_invite"`
	DeputyInvite string `json:"deputy_invite,omitempty"`
	// Deputies are the demo station's deputies: their id (the scene d=<id>
	// of their code) and the phone a getPhoneNumber code "dev-<phone>"
	// binds to them.
	Deputies []StateDeputy `json:"deputies,omitempty"`
}

// StateDeputy is a demo deputy in State.
type StateDeputy struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// State describes the instance.
func (in *Instance) State() State {
	st := State{BaseURL: BaseURL(in.Config.HTTPAddr), AdminInvite: in.AdminInvite}
	if d := in.Demo; d != nil {
		st.StationID, st.StaffInvite, st.DeputyInvite = d.Station.ID, d.StaffInvite, d.DeputyInvite
		for i, dep := range d.Deputies {
			st.Deputies = append(st.Deputies, StateDeputy{ID: dep.ID, Name: dep.Name, Phone: *demoDeputies[i].Phone})
		}
	}
	return st
}
