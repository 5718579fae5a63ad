package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// messagePhoto is a small JPEG carrying an EXIF segment with a GPS marker.
func messagePhoto(t *testing.T) []byte { return wired.JPEG(t) }

// photoID uploads a photo and returns its id.
func photoID(t *testing.T, s *wired.Service, token string) int64 {
	t.Helper()
	w := upload(t, s, "/api/v1/uploads", token, "现场.jpg", messagePhoto(t))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	var out struct {
		ID int64 `json:"id"`
	}
	decode(t, w, &out)
	return out.ID
}

// submitMessage posts a message and returns its id, requiring 201.
func submitMessage(t *testing.T, s *wired.Service, token string, station int64, body map[string]any) int64 {
	t.Helper()
	w := s.Do(t, "POST", "/api/v1/stations/"+itoa(station)+"/messages", token, body)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	var out struct {
		ID int64 `json:"id"`
	}
	decode(t, w, &out)
	return out.ID
}

// messageTransition posts a transition and returns the answer.
func messageTransition(t *testing.T, s *wired.Service, token string, id int64, body map[string]any) *httptest.ResponseRecorder {
	t.Helper()
	return s.Do(t, "POST", "/api/v1/admin/messages/"+itoa(id)+"/transitions", token, body)
}

func mustMessageTransition(t *testing.T, s *wired.Service, token string, id int64, body map[string]any) {
	t.Helper()
	w := messageTransition(t, s, token, id, body)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
}

// count counts rows of a table.
func countRows(t *testing.T, s *wired.Service, query string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, s.DB.GetContext(t.Context(), &n, query, args...))
	return n
}

// noticesOf returns the ids of the notices of a kind about a message.
func noticesOf(t *testing.T, s *wired.Service, id int64, kind string) []int64 {
	t.Helper()
	var ids []int64
	require.NoError(t, s.DB.SelectContext(t.Context(), &ids, `SELECT id FROM notifications WHERE subject = ? AND kind = ? ORDER BY id`,
		fmt.Sprintf("message:%d", id), kind))
	return ids
}

func validMessage() map[string]any {
	return map[string]any{"category": "transport", "content": "小区门口的红绿灯经常坏，早高峰很危险，希望尽快修好。"}
}

type messageStats struct {
	Received           int      `json:"received"`
	AcceptedOnTime     int      `json:"accepted_on_time"`
	RepliedOnTime      int      `json:"replied_on_time"`
	Rated              int      `json:"rated"`
	Satisfied          int      `json:"satisfied"`
	SatisfactionRate   *float64 `json:"satisfaction_rate"`
	ResolutionRate     *float64 `json:"resolution_rate"`
	ImplementationRate *float64 `json:"implementation_rate"`
	PromisesDue        int      `json:"promises_due"`
	PromisesFulfilled  int      `json:"promises_fulfilled"`
}

func messageStatsOf(t *testing.T, s *wired.Service, token string, station int64) messageStats {
	t.Helper()
	w := s.Do(t, "GET", "/api/v1/admin/stats/messages?station_id="+itoa(station)+"&from=2024-01-01&to=2024-12-31", token, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var stats messageStats
	decode(t, w, &stats)
	return stats
}

func TestMessageWholePath(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	station := s.Station(t, "青秀区新竹社区代表联络站", "450103")
	deputy := s.Deputy(t, "黄代表", "13900000001", station)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})
	deputyTok := userToken(t, s, access.Grant{Role: access.RoleDeputy, DeputyID: deputy})
	citizen, citizenID, _ := s.SignIn(t)
	var openid string
	require.NoError(t, s.DB.GetContext(t.Context(), &openid, "SELECT openid FROM users WHERE id = ?", citizenID))
	// The mini program asked for the reply template and the citizen granted it once.
	s.DB.Exec(t, "INSERT INTO subscription_grants (user_id, template_key, remaining, updated_at) VALUES (?, 'message_reply', 1, NOW(3))", citizenID)

	p1, p2 := photoID(t, s, citizen), photoID(t, s, citizen)
	body := validMessage()
	body["image_ids"] = []int64{p1, p2}
	body["name"], body["phone"] = "李女士", "138 0013 8000"
	w := s.Do(t, "POST", "/api/v1/stations/"+itoa(station)+"/messages", citizen, body)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	require.Equal(t, `"submitted"`, jsonField(t, w, "status"))
	code := jsonString(t, w, "code")
	require.Regexp(t, `^LX2403-[2-9A-HJKMNP-Z]{4}$`, code, "LX, yymm, four unambiguous characters")
	// Submitted on Wednesday 13 March 2024: accept by the end of Monday 18th, reply by the end of 3 April.
	require.Equal(t, `"2024-03-19T00:00:00+08:00"`, jsonField(t, w, "accept_due"))
	require.Equal(t, `"2024-04-04T00:00:00+08:00"`, jsonField(t, w, "reply_due"))
	var id int64
	decode(t, w, &struct {
		ID *int64 `json:"id"`
	}{&id})
	require.Len(t, s.WeChat.Checked(), 1, "the text went through content security")

	before := messageStatsOf(t, s, staff, station)
	require.Equal(t, 1, before.Received)

	mustMessageTransition(t, s, staff, id, map[string]any{"action": "accept"})
	w = messageTransition(t, s, deputyTok, id, map[string]any{"action": "reply", "reply": "还没分配给我"})
	require.Equal(t, http.StatusNotFound, w.Code, "a deputy not (yet) assigned does not see the message")
	mustMessageTransition(t, s, staff, id, map[string]any{"action": "assign", "deputy_id": deputy, "note": "请黄代表跟进"})
	w = messageTransition(t, s, deputyTok, id, map[string]any{"action": "accept"})
	require.Equal(t, http.StatusForbidden, w.Code, "the deputy may reply, not handle")

	// The assigned deputy reads it: no full phone.
	w = s.Do(t, "GET", "/api/v1/messages/"+itoa(id), deputyTok, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, `"138****8000"`, jsonField(t, w, "phone"))
	w = s.Do(t, "GET", "/api/v1/uploads/"+itoa(p1), deputyTok, nil)
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "image/jpeg", w.Header().Get("Content-Type"))
	require.NotContains(t, w.Body.String(), "GPSLatitude", "EXIF and GPS are stripped")
	require.NotContains(t, w.Body.String(), "Exif")

	mustMessageTransition(t, s, deputyTok, id, map[string]any{"action": "reply", "reply": "已联系交警部门，本周内完成维修。"})
	w = messageTransition(t, s, deputyTok, id, map[string]any{"action": "reply", "reply": "再答复一次"})
	require.Equal(t, http.StatusConflict, w.Code, "replied already")

	// The reply notice went to the citizen's WeChat.
	notices := noticesOf(t, s, id, "message_reply")
	require.Len(t, notices, 1)
	require.NoError(t, s.Notify.Send(t.Context(), notices[0]))
	sent := s.WeChat.SentSubscribeMessages()
	require.Len(t, sent, 1)
	require.Equal(t, openid, sent[0].ToUser)
	require.Equal(t, "tmpl-reply", sent[0].TemplateID)
	require.Equal(t, "pages/message/index?id="+itoa(id), sent[0].Page)
	require.Equal(t, code, sent[0].Data["character_string1"].Value)

	// The citizen sees the timeline and rates the reply.
	w = s.Do(t, "GET", "/api/v1/messages/"+itoa(id), citizen, nil)
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, `"replied"`, jsonField(t, w, "status"))
	require.Contains(t, jsonField(t, w, "timeline"), `"action":"assign"`)
	require.Contains(t, jsonField(t, w, "timeline"), "请黄代表跟进")
	require.Contains(t, jsonField(t, w, "images"), "/api/v1/uploads/"+itoa(p2))
	w = s.Do(t, "POST", "/api/v1/messages/"+itoa(id)+"/rating", staff, map[string]any{"rating": "satisfied"})
	require.Equal(t, http.StatusNotFound, w.Code, "only the author rates")
	w = s.Do(t, "POST", "/api/v1/messages/"+itoa(id)+"/rating", citizen, map[string]any{"rating": "satisfied", "comment": "很快"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, `"closed"`, jsonField(t, w, "status"))

	after := messageStatsOf(t, s, staff, station)
	require.Equal(t, 1, after.AcceptedOnTime)
	require.Equal(t, 1, after.RepliedOnTime)
	require.Equal(t, 1, after.Satisfied)
	require.Equal(t, 1.0, *after.SatisfactionRate)
	require.Equal(t, 1.0, *after.ResolutionRate)
	require.Nil(t, before.SatisfactionRate)

	w = s.Do(t, "GET", "/api/v1/me/messages", citizen, nil)
	require.Equal(t, http.StatusOK, w.Code)
	require.Contains(t, jsonField(t, w, "items"), code)
}

func TestMessageBadInput(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	station := s.Station(t, "新竹社区联络站", "450103")
	inactive := s.Station(t, "已撤销联络站", "450103")
	s.DB.Exec(t, "UPDATE stations SET active = 0 WHERE id = ?", inactive)
	citizen, _, _ := s.SignIn(t)
	other, _, _ := s.SignIn(t)
	othersPhoto := photoID(t, s, other)
	ten := make([]int64, 10)
	for i := range ten {
		ten[i] = int64(i + 1)
	}
	with := func(k string, v any) map[string]any {
		b := validMessage()
		b[k] = v
		return b
	}
	for _, tc := range []struct {
		name    string
		station int64
		body    map[string]any
		status  int
		field   string
		code    string
	}{
		{"a category not in the list is refused", station, with("category", "weather"), 400, "category", ""},
		{"four characters are too short", station, with("content", "路灯坏了"), 400, "content", ""},
		{"blank content is refused", station, with("content", "      "), 400, "content", ""},
		{"2001 characters are too long", station, with("content", strings.Repeat("路", 2001)), 400, "content", ""},
		{"ten photos are too many", station, with("image_ids", ten), 400, "image_ids", ""},
		{"another user's photo cannot be attached", station, with("image_ids", []int64{othersPhoto}), 400, "image_ids", ""},
		{"a photo that does not exist cannot be attached", station, with("image_ids", []int64{999999}), 400, "image_ids", ""},
		{"a landline is not a mobile number", station, with("phone", "0771-5551234"), 400, "phone", ""},
		{"a name of 51 characters is too long", station, with("name", strings.Repeat("李", 51)), 400, "name", ""},
		{"a citizen cannot enter for someone else", station, with("on_behalf", map[string]any{"name": "张", "consent": true}), 400, "on_behalf", ""},
		{"an unknown station is not found", 999999, validMessage(), 404, "", "station_not_found"},
		{"an inactive station is not found", inactive, validMessage(), 404, "", "station_not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := s.Do(t, "POST", "/api/v1/stations/"+itoa(tc.station)+"/messages", citizen, tc.body)
			require.Equal(t, tc.status, w.Code, w.Body.String())
			if tc.field != "" {
				require.Contains(t, errorFields(t, w), tc.field)
			}
			if tc.code != "" {
				require.Equal(t, tc.code, errorCode(t, w))
			}
		})
	}
	// 2000 characters are fine (counted as characters, not bytes).
	submitMessage(t, s, citizen, station, with("content", strings.Repeat("路", 2000)))
	require.Equal(t, 1, countRows(t, s, "SELECT COUNT(*) FROM messages"), "nothing but the valid message was stored")
	require.Equal(t, 0, countRows(t, s, "SELECT COUNT(*) FROM uploads WHERE message_id IS NOT NULL"))
	require.Equal(t, 1, countRows(t, s, "SELECT COUNT(*) FROM message_events"))

	// Photos: checked by content, not by name; 5 MB at most.
	w := upload(t, s, "/api/v1/uploads", citizen, "photo.jpg", []byte("这不是照片，只是一段文字。\n"))
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	require.Equal(t, "not_an_image", errorCode(t, w))
	big := append(messagePhoto(t), make([]byte, 6<<20)...)
	w = upload(t, s, "/api/v1/uploads", citizen, "big.jpg", big)
	require.Equal(t, http.StatusRequestEntityTooLarge, w.Code, w.Body.String())
	require.Equal(t, "upload_too_large", errorCode(t, w))
	w = upload(t, s, "/api/v1/uploads", "", "a.jpg", messagePhoto(t))
	require.Equal(t, http.StatusUnauthorized, w.Code)
	require.Equal(t, 1, countRows(t, s, "SELECT COUNT(*) FROM uploads"), "only the other user's photo is stored")
	require.Equal(t, 1, s.Photos(t))

	w = s.Do(t, "POST", "/api/v1/stations/"+itoa(station)+"/messages", "", validMessage())
	require.Equal(t, http.StatusUnauthorized, w.Code)
}

func TestMessageScope(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	stationA := s.Station(t, "A 站", "450103")
	stationB := s.Station(t, "B 站", "450103")
	deputyB := s.Deputy(t, "B 站代表", "13900000002", stationB)
	otherDeputy := s.Deputy(t, "另一位代表", "13900000003", stationB)
	staffA := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{stationA}})
	staffB := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{stationB}})
	areaStaff := userToken(t, s, access.Grant{Role: access.RoleStaff, AreaCode: "450100"})
	notAssigned := userToken(t, s, access.Grant{Role: access.RoleDeputy, DeputyID: otherDeputy})
	author, _, _ := s.SignIn(t)
	stranger, _, _ := s.SignIn(t)

	pic := photoID(t, s, author)
	body := validMessage()
	body["image_ids"] = []int64{pic}
	id := submitMessage(t, s, author, stationB, body)
	mustMessageTransition(t, s, staffB, id, map[string]any{"action": "accept"})
	mustMessageTransition(t, s, staffB, id, map[string]any{"action": "assign", "deputy_id": deputyB})

	for _, who := range []struct{ name, token string }{
		{"staff of station A", staffA}, {"a deputy not assigned", notAssigned}, {"another citizen", stranger},
	} {
		t.Run(who.name, func(t *testing.T) {
			require.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/messages/"+itoa(id), who.token, nil).Code)
			w := messageTransition(t, s, who.token, id, map[string]any{"action": "reply", "reply": "越权答复"})
			require.Equal(t, http.StatusNotFound, w.Code, w.Body.String())
			require.Equal(t, "message_not_found", errorCode(t, w))
			require.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/uploads/"+itoa(pic), who.token, nil).Code)
			require.Equal(t, http.StatusNotFound, s.Do(t, "POST", "/api/v1/messages/"+itoa(id)+"/rating", who.token, map[string]any{"rating": "unsatisfied"}).Code)
		})
	}
	w := s.Do(t, "GET", "/api/v1/admin/messages", staffA, nil)
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "[]", jsonField(t, w, "items"), "station A's inbox does not hold B's message")
	w = s.Do(t, "GET", "/api/v1/admin/messages?station_id="+itoa(stationB), areaStaff, nil)
	require.Equal(t, http.StatusOK, w.Code)
	require.Contains(t, jsonField(t, w, "items"), fmt.Sprintf(`"id":%d`, id), "staff of the area see it")
	require.Equal(t, http.StatusForbidden, s.Do(t, "GET", "/api/v1/admin/messages", stranger, nil).Code)
	// Assigning a deputy of another station is refused, and changes nothing.
	deputyA := s.Deputy(t, "A 站代表", "13900000004", stationA)
	w = messageTransition(t, s, staffB, id, map[string]any{"action": "assign", "deputy_id": deputyA})
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	require.Equal(t, 2, countRows(t, s, "SELECT COUNT(*) FROM message_events WHERE message_id = ? AND action IN ('accept','assign')", id))
}

func TestMessageTransitions(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	station := s.Station(t, "新竹社区联络站", "450103")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})
	var unit int64
	res, err := s.DB.ExecContext(t.Context(), "INSERT INTO units (name, area_code, created_at, updated_at) VALUES ('区住建局', '450103', NOW(3), NOW(3))")
	require.NoError(t, err)
	unit, _ = res.LastInsertId()
	deputy := s.Deputy(t, "代表", "13900000005", station)

	for _, tc := range []struct {
		name   string
		path   []map[string]any
		last   map[string]any
		status int
	}{
		{"a submitted message cannot be replied", nil, map[string]any{"action": "reply", "reply": "好"}, 409},
		{"a submitted message cannot be closed", nil, map[string]any{"action": "close"}, 409},
		{"rejecting needs a reason", nil, map[string]any{"action": "reject"}, 400},
		{"a submitted message can be rejected", nil, map[string]any{"action": "reject", "reason": "不属于本站职责"}, 200},
		{"an accepted message cannot be accepted again", []map[string]any{{"action": "accept"}}, map[string]any{"action": "accept"}, 409},
		{"an accepted message cannot be transferred before it is assigned", []map[string]any{{"action": "accept"}}, map[string]any{"action": "transfer", "unit_id": unit}, 409},
		{"an assigned message can be transferred", []map[string]any{{"action": "accept"}, {"action": "assign", "deputy_id": deputy}}, map[string]any{"action": "transfer", "unit_id": unit}, 200},
		{"an unknown unit is refused", []map[string]any{{"action": "accept"}, {"action": "assign", "deputy_id": deputy}}, map[string]any{"action": "transfer", "unit_id": 99999}, 400},
		{"a transferred message can be replied", []map[string]any{{"action": "accept"}, {"action": "assign", "deputy_id": deputy}, {"action": "transfer", "unit_id": unit}}, map[string]any{"action": "reply", "reply": "住建局已答复"}, 200},
		{"a promise needs a future date", []map[string]any{{"action": "accept"}, {"action": "reply", "reply": "好"}}, map[string]any{"action": "promise", "due_at": "2024-01-01T00:00:00+08:00"}, 400},
		{"a rejected message stays rejected", []map[string]any{{"action": "reject", "reason": "重复"}}, map[string]any{"action": "accept"}, 409},
		{"an unknown action is refused", nil, map[string]any{"action": "archive"}, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			citizen, _, _ := s.SignIn(t) // one each: the rate limit counts per user
			id := submitMessage(t, s, citizen, station, validMessage())
			for _, step := range tc.path {
				mustMessageTransition(t, s, staff, id, step)
			}
			var before string
			require.NoError(t, s.DB.GetContext(t.Context(), &before, "SELECT status FROM messages WHERE id = ?", id))
			events := countRows(t, s, "SELECT COUNT(*) FROM message_events WHERE message_id = ?", id)
			w := messageTransition(t, s, staff, id, tc.last)
			require.Equal(t, tc.status, w.Code, w.Body.String())
			if tc.status != 200 {
				var after string
				require.NoError(t, s.DB.GetContext(t.Context(), &after, "SELECT status FROM messages WHERE id = ?", id))
				require.Equal(t, before, after, "nothing changes")
				require.Equal(t, events, countRows(t, s, "SELECT COUNT(*) FROM message_events WHERE message_id = ?", id))
			}
			if tc.status == 409 {
				require.Equal(t, "transition_not_allowed", errorCode(t, w))
			}
		})
	}
}

func TestMessageAbuseControl(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	station := s.Station(t, "新竹社区联络站", "450103")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})
	citizen, _, _ := s.SignIn(t)

	t.Run("a risky text is refused with a message for people", func(t *testing.T) {
		s.WeChat.SetVerdict("赌博", "risky")
		b := validMessage()
		b["content"] = "楼下有人聚众赌博，请处理"
		w := s.Do(t, "POST", "/api/v1/stations/"+itoa(station)+"/messages", citizen, b)
		require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
		require.Equal(t, "content_risky", errorCode(t, w))
		require.Contains(t, w.Body.String(), "违法违规")
		require.Equal(t, 0, countRows(t, s, "SELECT COUNT(*) FROM messages"))
	})
	t.Run("a text to review is kept and flagged", func(t *testing.T) {
		s.WeChat.SetVerdict("可疑", "review")
		b := validMessage()
		b["content"] = "有点可疑的情况需要反映"
		id := submitMessage(t, s, citizen, station, b)
		w := s.Do(t, "GET", "/api/v1/admin/messages?flagged=true", staff, nil)
		require.Contains(t, jsonField(t, w, "items"), fmt.Sprintf(`"id":%d`, id))
		require.Contains(t, jsonField(t, w, "items"), `"review":"review"`)
	})
	t.Run("when WeChat is down the message is accepted and flagged", func(t *testing.T) {
		s.WeChat.SecurityDown(true)
		defer s.WeChat.SecurityDown(false)
		w := s.Do(t, "POST", "/api/v1/stations/"+itoa(station)+"/messages", citizen, validMessage())
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
		require.Equal(t, `"unchecked"`, jsonField(t, w, "review"))
	})
	t.Run("the eleventh message within an hour is refused with Retry-After", func(t *testing.T) {
		other, _, _ := s.SignIn(t)
		for range 10 {
			submitMessage(t, s, other, station, validMessage())
		}
		w := s.Do(t, "POST", "/api/v1/stations/"+itoa(station)+"/messages", other, validMessage())
		require.Equal(t, http.StatusTooManyRequests, w.Code, w.Body.String())
		require.Equal(t, "too_many_messages", errorCode(t, w))
		require.NotEmpty(t, w.Header().Get("Retry-After"))
		third, _, _ := s.SignIn(t)
		submitMessage(t, s, third, station, validMessage()) // others are not held back (the IP limit is higher)
	})
}

func TestMessageWalkIn(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	station := s.Station(t, "新竹社区联络站", "450103")
	other := s.Station(t, "别的联络站", "450103")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})
	citizen, _, _ := s.SignIn(t)
	body := func(consent bool) map[string]any {
		b := validMessage()
		b["on_behalf"] = map[string]any{"name": "王大爷", "phone": "13700137000", "consent": consent}
		return b
	}
	w := s.Do(t, "POST", "/api/v1/admin/stations/"+itoa(station)+"/messages", staff, body(false))
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	require.Contains(t, errorFields(t, w), "on_behalf.consent")
	require.Equal(t, http.StatusForbidden, s.Do(t, "POST", "/api/v1/admin/stations/"+itoa(station)+"/messages", citizen, body(true)).Code)
	require.Equal(t, http.StatusNotFound, s.Do(t, "POST", "/api/v1/admin/stations/"+itoa(other)+"/messages", staff, body(true)).Code)
	require.Equal(t, 0, countRows(t, s, "SELECT COUNT(*) FROM messages"))

	w = s.Do(t, "POST", "/api/v1/admin/stations/"+itoa(station)+"/messages", staff, body(true))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	code := jsonString(t, w, "code")
	var id int64
	decode(t, w, &struct {
		ID *int64 `json:"id"`
	}{&id})
	notices := noticesOf(t, s, id, "message_code")
	require.Len(t, notices, 1)
	require.NoError(t, s.Notify.Send(t.Context(), notices[0]))
	got := s.SMS.Received("13700137000")
	require.Len(t, got, 1)
	require.Equal(t, code, got[0].Params[0], "the tracking code goes to the citizen's phone")

	w = s.Do(t, "GET", "/api/v1/messages/"+itoa(id), staff, nil)
	require.Equal(t, `"13700137000"`, jsonField(t, w, "phone"), "staff in scope see the full number")
	require.Equal(t, "true", jsonField(t, w, "walk_in"))
	require.Contains(t, jsonField(t, w, "timeline"), "已征得本人同意")

	// The reply reaches the walk-in by SMS.
	mustMessageTransition(t, s, staff, id, map[string]any{"action": "accept"})
	mustMessageTransition(t, s, staff, id, map[string]any{"action": "reply", "reply": "已安排维修"})
	replies := noticesOf(t, s, id, "message_reply")
	require.Len(t, replies, 1)
	require.NoError(t, s.Notify.Send(t.Context(), replies[0]))
	require.Len(t, s.SMS.Received("13700137000"), 2)
}

func TestMessageFollowup(t *testing.T) {
	clk := clock.NewFixed(messagesStart)
	s := wired.New(t, wired.Clock(clk))
	station := s.Station(t, "新竹社区联络站", "450103")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})
	citizen, _, _ := s.SignIn(t)
	replied := func() int64 {
		id := submitMessage(t, s, citizen, station, validMessage())
		mustMessageTransition(t, s, staff, id, map[string]any{"action": "accept"})
		mustMessageTransition(t, s, staff, id, map[string]any{"action": "reply", "reply": "已列入计划"})
		return id
	}
	dueDay := messagesStart.AddDate(0, 0, 30)
	due := dueDay.Format(time.RFC3339)

	t.Run("a promise not kept reopens the message for the station", func(t *testing.T) {
		id := replied()
		mustMessageTransition(t, s, staff, id, map[string]any{"action": "promise", "due_at": due, "promise": "两周内修好路灯"})
		followups := noticesOf(t, s, id, "message_followup")
		require.Len(t, followups, 1)
		var notBefore time.Time
		require.NoError(t, s.DB.GetContext(t.Context(), &notBefore, "SELECT not_before FROM notifications WHERE id = ?", followups[0]))
		require.Equal(t, dueDay.Format("2006-01-02")+" 09:00", notBefore.In(messagesStart.Location()).Format("2006-01-02 15:04"), "asked at 9:00 on the due date")
		w := s.Do(t, "GET", "/api/v1/admin/messages?promises_due=true", staff, nil)
		require.NotContains(t, jsonField(t, w, "items"), fmt.Sprintf(`"id":%d`, id), "not due within a week")
		clk.Advance(dueDay.Sub(messagesStart) - 3*24*time.Hour)
		defer clk.Advance(-(dueDay.Sub(messagesStart) - 3*24*time.Hour))
		w = s.Do(t, "GET", "/api/v1/admin/messages?promises_due=true", staff, nil)
		require.Contains(t, jsonField(t, w, "items"), fmt.Sprintf(`"id":%d`, id), "staff see promises coming due")

		w = s.Do(t, "POST", "/api/v1/messages/"+itoa(id)+"/followup", citizen, map[string]any{"fulfilled": false, "comment": "路灯还是不亮"})
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		require.Equal(t, `"reopened"`, jsonField(t, w, "status"))
		require.Contains(t, jsonField(t, w, "timeline"), "路灯还是不亮")
		w = s.Do(t, "GET", "/api/v1/admin/messages?status=reopened", staff, nil)
		require.Contains(t, jsonField(t, w, "items"), fmt.Sprintf(`"id":%d`, id))
		mustMessageTransition(t, s, staff, id, map[string]any{"action": "reply", "reply": "已更换灯具"})
		w = s.Do(t, "POST", "/api/v1/messages/"+itoa(id)+"/followup", citizen, map[string]any{"fulfilled": true})
		require.Equal(t, http.StatusConflict, w.Code, "no promise pending")
	})
	t.Run("a promise kept closes the message and counts as implemented", func(t *testing.T) {
		id := replied()
		mustMessageTransition(t, s, staff, id, map[string]any{"action": "promise", "due_at": due})
		w := s.Do(t, "POST", "/api/v1/messages/"+itoa(id)+"/followup", citizen, map[string]any{"fulfilled": true, "comment": "已修好"})
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		require.Equal(t, `"closed"`, jsonField(t, w, "status"))
		stats := messageStatsOf(t, s, staff, station)
		require.Equal(t, 1, stats.PromisesFulfilled)
		require.Equal(t, 2, stats.PromisesDue, "both answered promises count")
		require.Equal(t, 0.5, *stats.ImplementationRate)
	})
}

func TestMessageExport(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	station := s.Station(t, "新竹社区联络站", "450103")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})
	citizen, _, _ := s.SignIn(t)
	anon := validMessage()
	anon["name"], anon["phone"], anon["anonymous"] = "匿名者", "13800138001", true
	submitMessage(t, s, citizen, station, anon)
	named := validMessage()
	named["name"], named["phone"] = "张先生", "13800138002"
	named["category"] = "education"
	submitMessage(t, s, citizen, station, named)

	require.Equal(t, http.StatusForbidden, s.Do(t, "GET", "/api/v1/admin/messages/export?from=2024-01-01&to=2024-12-31", citizen, nil).Code)
	require.Equal(t, http.StatusBadRequest, s.Do(t, "GET", "/api/v1/admin/messages/export?from=2024-06-01", staff, nil).Code,
		"a period from June to today (13 March) ends before it starts")
	w := s.Do(t, "GET", "/api/v1/admin/messages/export?station_id="+itoa(station)+"&from=2024-03-01&to=2024-03-31", staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	x, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	require.NoError(t, err)
	defer x.Close()
	rows, err := x.GetRows("留言")
	require.NoError(t, err)
	require.Len(t, rows, 3)
	require.Equal(t, "姓名", rows[0][5])
	require.Equal(t, "（匿名）", rows[1][5])
	require.Equal(t, "138****8001", rows[1][6])
	require.Equal(t, "张先生", rows[2][5])
	require.Equal(t, "138****8002", rows[2][6])
	require.Equal(t, "教育", rows[2][3])
	require.NotContains(t, w.Body.String(), "匿名者")
	all := strings.Join(append(rows[1], rows[2]...), "|")
	require.NotContains(t, all, "匿名者")
	require.NotContains(t, all, "13800138001")

	// Another period holds nothing.
	w = s.Do(t, "GET", "/api/v1/admin/messages/export?from=2023-01-01&to=2023-12-31", staff, nil)
	x2, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	require.NoError(t, err)
	rows, _ = x2.GetRows("留言")
	require.Len(t, rows, 1)
}

func TestMessageAnonymousNameIsHiddenFromTheDeputy(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	station := s.Station(t, "新竹社区联络站", "450103")
	deputy := s.Deputy(t, "黄代表", "13900000007", station)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})
	deputyTok := userToken(t, s, access.Grant{Role: access.RoleDeputy, DeputyID: deputy})
	citizen, _, _ := s.SignIn(t)
	b := validMessage()
	b["name"], b["phone"], b["anonymous"] = "匿名的李女士", "13800138003", true
	id := submitMessage(t, s, citizen, station, b)
	mustMessageTransition(t, s, staff, id, map[string]any{"action": "accept"})
	mustMessageTransition(t, s, staff, id, map[string]any{"action": "assign", "deputy_id": deputy})

	w := s.Do(t, "GET", "/api/v1/messages/"+itoa(id), deputyTok, nil)
	require.Equal(t, http.StatusOK, w.Code)
	require.NotContains(t, w.Body.String(), "匿名的李女士", "the deputy never sees an anonymous author's name")
	require.Equal(t, `"138****8003"`, jsonField(t, w, "phone"))
	w = s.Do(t, "GET", "/api/v1/admin/messages?assigned=true", deputyTok, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Contains(t, jsonField(t, w, "items"), fmt.Sprintf(`"id":%d`, id), "the deputy's own assignments")
	require.NotContains(t, w.Body.String(), "匿名的李女士")
	w = s.Do(t, "GET", "/api/v1/messages/"+itoa(id), staff, nil)
	require.Equal(t, `"匿名的李女士"`, jsonField(t, w, "name"), "staff of the station see who wrote")
	require.Equal(t, `"13800138003"`, jsonField(t, w, "phone"))
	w = s.Do(t, "GET", "/api/v1/messages/"+itoa(id), citizen, nil)
	require.Equal(t, `"138****8003"`, jsonField(t, w, "phone"), "the author sees their number masked")
	require.NotContains(t, w.Body.String(), `"review"`, "content security flags are for staff")
}
