package api_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/api"
	"github.com/liaison-stations/liaison/server/clock"
)

// withActivities is a copy of the harness whose API uses another activities
// service (on a test clock); everything else is shared.
func (h *harness) withActivities(svc *activities.Service) *harness {
	c := *h
	c.activities = svc
	c.srv = api.New(api.Deps{Config: h.cfg, DB: h.db.DB, Logger: h.logger, Clock: clock.System{}, Identity: h.identity, Registry: h.registry,
		Notify: h.notify, Messages: h.messages, Activities: svc})
	return &c
}

// setEmployer gives a deputy an employer reachable at phone.
func (h *harness) setEmployer(t *testing.T, deputyID int64, name, phone string) {
	t.Helper()
	sealed, err := h.box.Seal(phone)
	require.NoError(t, err)
	h.db.Exec(t, `UPDATE deputies SET employer_name = ?, employer_contact = '人事处', employer_phone_enc = ?, employer_phone_hash = ? WHERE id = ?`,
		name, sealed, h.box.Hash(phone), deputyID)
}

// deputyUser signs a user in bound to the deputy and returns its token and user id.
func (h *harness) deputyUser(t *testing.T, deputyID int64) (string, int64) {
	t.Helper()
	tok := h.token(t, access.Grant{Role: access.RoleDeputy, DeputyID: deputyID})
	var uid int64
	require.NoError(t, h.db.GetContext(t.Context(), &uid, `SELECT id FROM users WHERE deputy_id = ?`, deputyID))
	return tok, uid
}

// sendPending sends every pending notice of subject, as the worker would.
func (h *harness) sendPending(t *testing.T, subject string) int {
	t.Helper()
	var ids []int64
	require.NoError(t, h.db.SelectContext(t.Context(), &ids, `SELECT id FROM notifications WHERE subject = ? AND status = 'pending' ORDER BY id`, subject))
	for _, id := range ids {
		require.NoError(t, h.notify.Send(t.Context(), id))
	}
	return len(ids)
}

func (h *harness) countNotices(t *testing.T, where string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, h.db.GetContext(t.Context(), &n, `SELECT COUNT(*) FROM notifications WHERE `+where, args...))
	return n
}

type fanOut struct {
	station   int64
	deputies  []int64
	employers map[int64]string // deputy → employer phone
	phones    map[int64]string
	tokens    map[int64]string
}

// stationOf30 makes a station of 30 deputies, 25 with employers, 10 bound to
// WeChat users who granted the activity templates.
func (h *harness) stationOf30(t *testing.T) fanOut {
	t.Helper()
	f := fanOut{station: h.station(t, "民生街道联络站", "450102001"), employers: map[int64]string{}, phones: map[int64]string{}, tokens: map[int64]string{}}
	for i := range 30 {
		phone := fmt.Sprintf("138001%05d", i)
		d := h.deputy(t, fmt.Sprintf("代表%02d", i), phone, f.station)
		f.deputies = append(f.deputies, d)
		f.phones[d] = phone
		if i < 25 {
			f.employers[d] = fmt.Sprintf("139001%05d", i)
			h.setEmployer(t, d, fmt.Sprintf("单位%02d", i), f.employers[d])
		}
		if i%3 == 0 { // 10 of them
			tok, uid := h.deputyUser(t, d)
			f.tokens[d] = tok
			_, err := h.notify.RecordGrants(t.Context(), uid, []string{"tmpl-notice", "tmpl-changed", "tmpl-reminder"})
			require.NoError(t, err)
		}
	}
	return f
}

func draftBody(station int64, start time.Time, invitees map[string]any) map[string]any {
	return map[string]any{
		"station_id": station, "kind": "reception_day", "title": "代表接待日", "description": "接待群众",
		"start_at": start.Format(time.RFC3339), "end_at": start.Add(2 * time.Hour).Format(time.RFC3339),
		"venue": "民生街道联络站", "invitees": invitees,
	}
}

func TestPublishNotifiesDeputiesAndEmployersOnce(t *testing.T) {
	h := newHarness(t)
	f := h.stationOf30(t)
	staff := h.token(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{f.station}})
	start := time.Now().Add(72 * time.Hour).Truncate(time.Minute)

	w := h.do(t, "POST", "/api/v1/admin/activities", staff, draftBody(f.station, start, map[string]any{"station_id": f.station}))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	id := jsonField(t, w, "id")
	subject := "activity:" + id
	assert.Equal(t, `"draft"`, jsonField(t, w, "status"))

	w = h.do(t, "POST", "/api/v1/admin/activities/"+id+"/publish", staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "1", jsonField(t, w, "version"))
	h.sendPending(t, subject)

	assert.Len(t, h.wechat.SentSubscribeMessages(), 10, "10 deputies by WeChat")
	for _, d := range f.deputies {
		want := 1
		if _, wechat := f.tokens[d]; wechat {
			want = 0
		}
		assert.Equal(t, want, h.sms.Count(f.phones[d]), "deputy %d by SMS", d)
	}
	for _, phone := range f.employers {
		require.Equal(t, 1, h.sms.Count(phone), "each employer once")
		params := h.sms.Received(phone)[0].Params
		noticeCodeOf(t, params)
		for _, p := range params {
			assert.NotContains(t, p, "http", "no link in a variable")
		}
	}
	assert.Equal(t, 45, h.sms.Total(), "20 deputies and 25 employers by SMS")
	assert.Equal(t, 30, h.countNotices(t, "subject = ? AND kind = 'activity_notice' AND status = 'sent'", subject))
	assert.Equal(t, 25, h.countNotices(t, "subject = ? AND kind = 'employer_notice' AND status = 'sent'", subject))

	// Publishing again, or a retried task, sends nothing more.
	w = h.do(t, "POST", "/api/v1/admin/activities/"+id+"/publish", staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var ids []int64
	require.NoError(t, h.db.SelectContext(t.Context(), &ids, `SELECT id FROM notifications WHERE subject = ?`, subject))
	for _, nid := range ids {
		require.NoError(t, h.notify.Send(t.Context(), nid))
	}
	assert.Equal(t, 0, h.sendPending(t, subject))
	assert.Len(t, h.wechat.SentSubscribeMessages(), 10)
	assert.Equal(t, 45, h.sms.Total())

	// An unchanged re-save sends nothing.
	w = h.do(t, "PATCH", "/api/v1/admin/activities/"+id, staff, map[string]any{"start_at": start.Format(time.RFC3339), "title": "代表接待日"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "1", jsonField(t, w, "version"))
	assert.Equal(t, 0, h.sendPending(t, subject))

	// A change of time sends exactly one change notice to each deputy and employer.
	w = h.do(t, "PATCH", "/api/v1/admin/activities/"+id, staff, map[string]any{
		"start_at": start.Add(time.Hour).Format(time.RFC3339), "end_at": start.Add(3 * time.Hour).Format(time.RFC3339)})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "2", jsonField(t, w, "version"))
	h.sendPending(t, subject)
	w = h.do(t, "PATCH", "/api/v1/admin/activities/"+id, staff, map[string]any{"start_at": start.Add(time.Hour).Format(time.RFC3339)})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	h.sendPending(t, subject)
	assert.Equal(t, 30, h.countNotices(t, "subject = ? AND kind = 'activity_changed'", subject))
	assert.Equal(t, 25, h.countNotices(t, "subject = ? AND kind = 'employer_changed'", subject))
	assert.Len(t, h.wechat.SentSubscribeMessages(), 20)
	assert.Equal(t, 90, h.sms.Total())
	for _, phone := range f.employers {
		assert.Equal(t, 2, h.sms.Count(phone))
	}

	// The staff view lists every invitee with their notices.
	w = h.do(t, "GET", "/api/v1/admin/activities/"+id, staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "30", jsonField(t, w, "counts.invited"))

	// Another station's staff do not see it.
	other := h.token(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{h.station(t, "别处", "450102001")}})
	assert.Equal(t, http.StatusNotFound, h.do(t, "GET", "/api/v1/admin/activities/"+id, other, nil).Code)
	assert.Equal(t, http.StatusNotFound, h.do(t, "POST", "/api/v1/admin/activities/"+id+"/publish", other, nil).Code)

	// Cancel: one cancel notice each.
	w = h.do(t, "POST", "/api/v1/admin/activities/"+id+"/cancel", staff, map[string]any{"reason": "台风预警"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, `"cancelled"`, jsonField(t, w, "status"))
	h.sendPending(t, subject)
	assert.Equal(t, 60, h.countNotices(t, "subject = ? AND kind = 'activity_changed'", subject))
	assert.Equal(t, 50, h.countNotices(t, "subject = ? AND kind = 'employer_changed'", subject))
}

func TestDraftValidation(t *testing.T) {
	h := newHarness(t)
	st := h.station(t, "甲站", "450102001")
	far := h.station(t, "乙站", "450103")
	mine := h.deputy(t, "甲", "13800000001", st)
	theirs := h.deputy(t, "乙", "13800000002", far)
	staff := h.token(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	start := time.Now().Add(24 * time.Hour)
	cases := []struct {
		name  string
		edit  func(map[string]any)
		field string
	}{
		{"end before start", func(b map[string]any) { b["end_at"] = start.Add(-time.Hour).Format(time.RFC3339) }, "end_at"},
		{"unknown kind", func(b map[string]any) { b["kind"] = "party" }, "kind"},
		{"a deputy out of scope", func(b map[string]any) { b["invitees"] = map[string]any{"deputy_ids": []int64{mine, theirs}} }, "invitees"},
		{"a deputy that does not exist", func(b map[string]any) { b["invitees"] = map[string]any{"deputy_ids": []int64{999999}} }, "invitees"},
		{"a station out of scope", func(b map[string]any) { b["invitees"] = map[string]any{"station_id": far} }, "invitees"},
		{"the activity's station out of scope", func(b map[string]any) { b["station_id"] = far }, "station_id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := draftBody(st, start, map[string]any{"deputy_ids": []int64{mine}})
			c.edit(b)
			w := h.do(t, "POST", "/api/v1/admin/activities", staff, b)
			require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
			assert.Contains(t, errorFields(t, w), c.field)
		})
	}
	t.Run("no publish in the past", func(t *testing.T) {
		b := draftBody(st, time.Now().Add(-time.Hour), map[string]any{"deputy_ids": []int64{mine}})
		w := h.do(t, "POST", "/api/v1/admin/activities", staff, b)
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
		w = h.do(t, "POST", "/api/v1/admin/activities/"+jsonField(t, w, "id")+"/publish", staff, nil)
		require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
		assert.Contains(t, errorFields(t, w), "start_at")
	})
	t.Run("a deputy cannot draft", func(t *testing.T) {
		tok, _ := h.deputyUser(t, mine)
		w := h.do(t, "POST", "/api/v1/admin/activities", tok, draftBody(st, start, map[string]any{"deputy_ids": []int64{mine}}))
		assert.Equal(t, http.StatusForbidden, w.Code)
	})
}

func TestEmployerPageOverHTTP(t *testing.T) {
	h := newHarness(t)
	st := h.station(t, "民生街道联络站", "450102001")
	d := h.deputy(t, "李明", "13800000011", st)
	h.setEmployer(t, d, "南宁市某中学", "13900000011")
	staff := h.token(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	id, _ := publishWithEmployer(t, h, staff, st, d, "13900000011")
	token := employerToken(t, h, id, d)

	w := h.do(t, "GET", "/n/"+token, "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	for _, want := range []string{"李明", "南宁市某中学", "代表接待日", "第三十三条", "确认收到"} {
		assert.Contains(t, body, want)
	}
	w = h.do(t, "POST", "/n/"+token+"/ack", "", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Contains(t, h.do(t, "GET", "/n/"+token, "", nil).Body.String(), "已确认收到")
	assert.Equal(t, http.StatusNotFound, h.do(t, "GET", "/n/AAAAAAAAAAAAAAAAAAAAAA", "", nil).Code)
	assert.Equal(t, http.StatusNotFound, h.do(t, "POST", "/n/AAAAAAAAAAAAAAAAAAAAAA/ack", "", nil).Code)

	e := staffEmployerView(t, h, staff, id)
	assert.NotNil(t, e.AcknowledgedAt)
	assert.NotNil(t, e.OpenedAt)
	assert.True(t, e.Notified)

	// The staff's list of the activity's notices shows the employer's acknowledgement.
	w = h.do(t, "GET", "/api/v1/admin/notifications?subject=activity:"+id, staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var list struct {
		Items []struct {
			Kind           string  `json:"kind"`
			AcknowledgedAt *string `json:"acknowledged_at"`
		} `json:"items"`
	}
	decode(t, w, &list)
	acknowledged := map[string]bool{}
	for _, n := range list.Items {
		acknowledged[n.Kind] = n.AcknowledgedAt != nil
	}
	assert.Equal(t, map[string]bool{"employer_notice": true, "activity_notice": false}, acknowledged)

	require.Equal(t, http.StatusOK, h.do(t, "POST", "/api/v1/admin/activities/"+id+"/cancel", staff, map[string]any{"reason": "暴雨"}).Code)
	assert.Contains(t, h.do(t, "GET", "/n/"+token, "", nil).Body.String(), "本次活动已取消")
}

// publishWithEmployer publishes an activity tomorrow for the deputy, sends
// its notices and returns its id and the employer's notice code (from the
// employer's SMS).
func publishWithEmployer(t *testing.T, h *harness, staff string, st, deputy int64, employerPhone string) (string, string) {
	t.Helper()
	w := h.do(t, "POST", "/api/v1/admin/activities", staff, draftBody(st, time.Now().Add(24*time.Hour), map[string]any{"deputy_ids": []int64{deputy}}))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	id := jsonField(t, w, "id")
	require.Equal(t, http.StatusOK, h.do(t, "POST", "/api/v1/admin/activities/"+id+"/publish", staff, nil).Code)
	h.sendPending(t, "activity:"+id)
	got := h.sms.Received(employerPhone)
	require.Len(t, got, 1)
	return id, noticeCodeOf(t, got[0].Params)
}

// noticeCodeOf is the notice code among an employer SMS's parameters.
func noticeCodeOf(t *testing.T, params []string) string {
	t.Helper()
	for _, p := range params {
		if noticeCodePattern.MatchString(p) {
			return p
		}
	}
	t.Fatalf("no notice code in %q", params)
	return ""
}

var noticeCodePattern = regexp.MustCompile(`^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$`)

// employerToken is the /n/<token> of the activity's employer notice to the
// deputy: links of before the notice code, which keep working.
func employerToken(t *testing.T, h *harness, id string, deputy int64) string {
	t.Helper()
	var sealed []byte
	require.NoError(t, h.db.GetContext(t.Context(), &sealed, `SELECT token_enc FROM employer_notices WHERE activity_id = ? AND deputy_id = ?`, id, deputy))
	token, err := h.box.Open(sealed)
	require.NoError(t, err)
	return token
}

// staffEmployerView is what staff see of the first invitee's employer.
func staffEmployerView(t *testing.T, h *harness, staff, id string) activities.EmployerState {
	t.Helper()
	w := h.do(t, "GET", "/api/v1/admin/activities/"+id, staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var d struct {
		Invitees []struct {
			Employer *activities.EmployerState `json:"employer"`
		} `json:"invitee_status"`
	}
	decode(t, w, &d)
	require.NotEmpty(t, d.Invitees)
	require.NotNil(t, d.Invitees[0].Employer)
	return *d.Invitees[0].Employer
}
