package api_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// metaRules is what GET /meta says of the rules a client must keep to.
type metaRules struct {
	CheckinWindow struct {
		OpensBeforeMinutes int `json:"opens_before_minutes"`
	} `json:"checkin_window"`
	Photos struct {
		MaxCount int   `json:"max_count"`
		MaxBytes int64 `json:"max_bytes"`
	} `json:"photos"`
	TextLimits map[string]int `json:"text_limits"`
}

func readMeta(t *testing.T, s *wired.Service) metaRules {
	t.Helper()
	w := s.Do(t, "GET", "/api/v1/meta", "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var m metaRules
	require.NoError(t, jsonUnmarshal(w.Body.String(), &m), w.Body.String())
	return m
}

// configsWith copies configs/ to a folder of the test's own with the
// replacements made in the named files ({file: {old: new}}), and points the
// service's configuration at it.
func configsWith(t *testing.T, changes map[string]map[string]string) wired.Option {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(wired.Root(), "configs")
	require.NoError(t, os.CopyFS(dir, os.DirFS(src)))
	for file, repl := range changes {
		path := filepath.Join(dir, file)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		text := string(data)
		for old, new := range repl {
			require.Contains(t, text, old, "%s has no %q to change", file, old)
			text = strings.Replace(text, old, new, 1)
		}
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	return wired.Configure(func(c *config.Config) { c.NotificationsFile = filepath.Join(dir, "notifications.yaml") })
}

// GET /meta tells the rules the server is running with, read from configs/:
// a province that changes them changes what the mini program offers, with
// no new release of it.
func TestMetaTellsTheRulesOfTheConfiguration(t *testing.T) {
	shipped := readMeta(t, wired.New(t))
	assert.Equal(t, 60, shipped.CheckinWindow.OpensBeforeMinutes, "configs/activities.yaml: checkin_opens_before 60m")
	assert.Equal(t, 9, shipped.Photos.MaxCount)
	assert.Equal(t, int64(5<<20), shipped.Photos.MaxBytes)
	assert.Equal(t, map[string]int{"content_min": 5, "content_max": 2000, "name_max": 50, "reply_max": 2000,
		"reason_max": 500, "promise_max": 500, "note_max": 500, "comment_max": 500}, shipped.TextLimits)

	s := wired.New(t, configsWith(t, map[string]map[string]string{
		"activities.yaml": {"checkin_opens_before: 60m": "checkin_opens_before: 30m"},
		"messages.yaml":   {"upload_max_bytes: 5242880": "upload_max_bytes: 2097152", "max_images: 9": "max_images: 3"},
	}))
	changed := readMeta(t, s)
	assert.Equal(t, 30, changed.CheckinWindow.OpensBeforeMinutes)
	assert.Equal(t, 3, changed.Photos.MaxCount)
	assert.Equal(t, int64(2<<20), changed.Photos.MaxBytes)

	// and the server keeps to what it tells: a fourth photo is refused
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	citizen, _, _ := s.SignIn(t)
	w := s.Do(t, "POST", "/api/v1/stations/"+itoa(st)+"/messages", citizen, map[string]any{
		"category": "transport", "content": "小区门口的红绿灯经常坏，希望尽快修好。", "image_ids": []int64{1, 2, 3, 4}})
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	assert.Equal(t, "最多上传 3 张照片", errorOf(t, w.Body.String()).Error.Fields["image_ids"])
}

// A message's answer carries the handling steps its reader may take now,
// from the lifecycle and the reader's role: staff of the station every step
// the status allows, the deputy it is assigned to only a reply, its author
// none, and nobody any once it is closed.
func TestAMessageSaysWhichStepsItsReaderMayTakeNow(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	staff, _ := s.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	deputyID := s.Deputy(t, "黄代表", "13800001111", st)
	deputy, _ := s.User(t, access.Grant{Role: access.RoleDeputy, DeputyID: deputyID})
	citizen, _, _ := s.SignIn(t)

	w := s.Do(t, "POST", "/api/v1/stations/"+itoa(st)+"/messages", citizen, map[string]any{
		"category": "transport", "content": "小区门口的红绿灯经常坏，希望尽快修好。"})
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	id := jsonField(t, w, "id")
	path := "/api/v1/messages/" + id

	actions := func(body string) []string {
		t.Helper()
		var m struct {
			Actions []string `json:"actions"`
		}
		require.NoError(t, jsonUnmarshal(body, &m), body)
		require.NotNil(t, m.Actions, "actions is always there: %s", body)
		return m.Actions
	}
	read := func(token string) []string {
		t.Helper()
		w := s.Do(t, "GET", path, token, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		return actions(w.Body.String())
	}
	step := func(token string, body map[string]any) []string {
		t.Helper()
		w := s.Do(t, "POST", "/api/v1/admin/messages/"+id+"/transitions", token, body)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		return actions(w.Body.String())
	}

	assert.Equal(t, []string{"accept", "reject"}, read(staff), "submitted, to its station's staff")
	assert.Equal(t, []string{}, read(citizen), "its author handles nothing")

	assert.Equal(t, []string{"assign", "reply"}, step(staff, map[string]any{"action": "accept"}), "the answer to a step says the next")
	assert.Equal(t, []string{"assign", "transfer", "reply"}, step(staff, map[string]any{"action": "assign", "deputy_id": deputyID}))
	assert.Equal(t, []string{"reply"}, read(deputy), "the assigned deputy may only reply")
	assert.Equal(t, []string{}, read(citizen))

	assert.Equal(t, []string{}, step(deputy, map[string]any{"action": "reply", "reply": "已联系交警部门，本周内修复。"}),
		"replied: the deputy has nothing more to do")
	assert.Equal(t, []string{"promise", "close"}, read(staff))
	assert.Equal(t, []string{}, step(staff, map[string]any{"action": "close"}), "closed: nothing for staff")
	assert.Equal(t, []string{}, read(deputy), "closed: nothing for the deputy")

	// the refusal of a step no longer allowed names the same (none)
	w = s.Do(t, "POST", "/api/v1/admin/messages/"+id+"/transitions", staff, map[string]any{"action": "accept"})
	require.Equal(t, http.StatusConflict, w.Code, w.Body.String())
	assert.Equal(t, "", errorOf(t, w.Body.String()).Error.Fields["allowed_actions"])
}
