package app

import (
	"path/filepath"

	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/uploads"
	"github.com/liaison-stations/liaison/server/wechat"
)

// wireMessages builds the messages capability; its periodic jobs are listed in
// jobs/periodic.go. Its rules are configs/messages.yaml, beside the
// notifications file; uploads_dir (LIAISON_UPLOADS_DIR) overrides where photos are kept.
func (a *App) wireMessages(box *pii.Box, wx *wechat.Client) error {
	rules, err := messages.LoadRules(filepath.Join(filepath.Dir(a.Config.NotificationsFile), "messages.yaml"))
	if err != nil {
		return err
	}
	if a.Config.UploadsDir != "" {
		rules.UploadsDir = a.Config.UploadsDir
	}
	store := uploads.NewDir(rules.UploadsDir)
	if err := store.Check(); err != nil {
		// Messages without photos still work; uploads answer 503 until it is fixed.
		a.Log.Error("messages: photos cannot be stored (set LIAISON_UPLOADS_DIR to a writable directory)", "error", err)
	}
	var content messages.ContentChecker
	if wx != nil {
		content = wx
	} else {
		a.Log.Warn("no WeChat credentials: messages are not checked by WeChat content security and are flagged for review")
	}
	a.Messages = messages.New(messages.Deps{DB: a.DB, Box: box, Clock: a.clock, Notify: a.Notify, Registry: a.Registry, Identity: a.Identity, Log: a.Log,
		Rules: rules, Uploads: store, Redis: a.Redis, Content: content})
	return nil
}
