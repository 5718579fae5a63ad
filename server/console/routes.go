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
	m.Handle("POST /console/messages/{id}/unpublish", c.staff(c.messageUnpublish))

	// 联络站 (stations_*.go).
	m.Handle("GET /console/stations", c.staff(c.stationsList))
	m.Handle("GET /console/stations/new", c.staff(c.stationNew))
	m.Handle("POST /console/stations/new", c.staff(c.stationCreate))
	m.Handle("GET /console/stations/posters", c.staff(c.stationsPosters))
	m.Handle("GET /console/stations/{id}", c.staff(c.stationShow))
	m.Handle("POST /console/stations/{id}", c.staff(c.stationSave))
	m.Handle("GET /console/stations/{id}/qrcode", c.staff(c.stationCode))

	// 代表 (deputies_*.go, deputy_*.go).
	m.Handle("GET /console/deputies", c.staff(c.deputiesList))
	m.Handle("GET /console/deputies/new", c.staff(c.deputyNew))
	m.Handle("GET /console/deputies/cards", c.staff(c.deputiesCards))
	m.Handle("POST /console/deputies/new", c.staff(c.deputyCreate))
	m.Handle("GET /console/deputies/{id}", c.staff(c.deputyShow))
	m.Handle("POST /console/deputies/{id}", c.staff(c.deputySave))
	m.Handle("GET /console/deputies/{id}/record.xlsx", c.staff(c.deputyRecordXLSX))

	// 代表导入 (deputies_import*.go). A batch's pages are under /console/imports/: under
	// /console/deputies/ its id would collide with a deputy's (…/{id}/record.xlsx).
	m.Handle("GET /console/deputies/import", c.staff(c.deputiesImport))
	m.Handle("GET /console/deputies/import/template.xlsx", c.staff(c.deputiesImportTemplate))
	m.Handle("POST "+importUploadPath, c.staff(c.deputiesImportUpload))
	m.Handle("GET /console/imports/{id}", c.staff(c.deputiesImportShow))
	m.Handle("GET /console/imports/{id}/progress", c.staff(c.deputiesImportProgress))
	m.Handle("POST /console/imports/{id}/apply", c.staff(c.deputiesImportApply))

	// 活动 (activities_*.go, activity_*.go).
	m.Handle("GET /console/activities", c.staff(c.activitiesList))
	m.Handle("GET /console/activities/new", c.staff(c.activityNew))
	m.Handle("POST /console/activities", c.staff(c.activityCreate))
	m.Handle("GET /console/activities/{id}", c.staff(c.activityShow))
	m.Handle("GET /console/activities/{id}/edit", c.staff(c.activityEdit))
	m.Handle("POST /console/activities/{id}", c.staff(c.activityUpdate))
	m.Handle("POST /console/activities/{id}/publish", c.staff(c.activityPublish))
	m.Handle("POST /console/activities/{id}/cancel", c.staff(c.activityCancel))
	m.Handle("POST /console/activities/{id}/attendance", c.staff(c.activityAttendance))
	m.Handle("POST /console/activities/{id}/notices/{nid}/resend", c.staff(c.activityResend))
	m.Handle("GET /console/activities/{id}/letters", c.staff(c.activityLetters))
	m.Handle("GET /console/activities/{id}/venue", c.staff(c.activityVenue))
	m.Handle("GET /console/activities/{id}/venue/code", c.staff(c.activityVenueCode))

	// 立法征询 (consultation*.go): an office's drafts, opinions and review;
	// station staff enter what a consultation meeting said.
	m.Handle("GET /console/consultations", c.staff(c.consultationsList))
	m.Handle("GET /console/consultations/new", c.staff(c.consultationNew))
	m.Handle("POST /console/consultations/new", c.staff(c.consultationCreate))
	m.Handle("GET /console/consultations/{id}", c.staff(c.consultationShow))
	m.Handle("GET /console/consultations/{id}/edit", c.staff(c.consultationEdit))
	m.Handle("POST /console/consultations/{id}/edit", c.staff(c.consultationUpdate))
	m.Handle("POST /console/consultations/{id}/publish", c.staff(c.consultationPublish))
	m.Handle("POST /console/consultations/{id}/close", c.staff(c.consultationClose))
	m.Handle("POST /console/consultations/{id}/closes-at", c.staff(c.consultationClosesAt))
	m.Handle("POST /console/consultations/{id}/review", c.staff(c.consultationReview))
	m.Handle("POST /console/consultations/{id}/finish", c.staff(c.consultationFinish))
	m.Handle("GET /console/consultations/{id}/export.xlsx", c.staff(c.consultationExport))
	m.Handle("GET /console/consultations/{id}/report", c.staff(c.consultationReport))
	m.Handle("GET /console/consultations/{id}/opinions/new", c.staff(c.consultationMeetingNew))
	m.Handle("POST /console/consultations/{id}/opinions/new", c.staff(c.consultationMeetingCreate))

	// 履职规范 (compliance.go).
	m.Handle("GET /console/compliance", c.staff(c.complianceList))
	m.Handle("GET /console/compliance/{stationID}", c.staff(c.complianceStation))

	// 用户、邀请、操作日志 (users.go, invites.go, audit.go): admins.
	m.Handle("GET /console/users", c.admin(c.users))
	m.Handle("POST /console/users/{id}/revoke", c.admin(c.userRevoke))
	m.Handle("GET /console/invites", c.admin(c.invites))
	m.Handle("POST /console/invites", c.admin(c.inviteCreate))
	m.Handle("POST /console/invites/{id}/cancel", c.admin(c.inviteCancel))
	m.Handle("GET /console/audit", c.admin(c.auditList))
	m.Handle("GET /console/audit/export", c.admin(c.auditExport))

	m.Handle("/console/", c.staff(func(w http.ResponseWriter, r *http.Request, _ *access.Principal) { c.notFound(w, r) }))
}
