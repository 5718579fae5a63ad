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
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// setEmployer gives a deputy an employer reachable at phone.
func setEmployer(t *testing.T, s *wired.Service, deputyID int64, name, phone string) {
	t.Helper()
	sealed, err := s.Box.Seal(phone)
	require.NoError(t, err)
	s.DB.Exec(t, `UPDATE deputies SET employer_name = ?, employer_contact = '人事处', employer_phone_enc = ?, employer_phone_hash = ? WHERE id = ?`,
		name, sealed, s.Box.Hash(phone), deputyID)
}

// deputyUser signs a user in bound to the deputy and returns its token and user id.
func deputyUser(t *testing.T, s *wired.Service, deputyID int64) (string, int64) {
	t.Helper()
	return s.User(t, access.Grant{Role: access.RoleDeputy, DeputyID: deputyID})
}

func countNotices(t *testing.T, s *wired.Service, where string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, s.DB.GetContext(t.Context(), &n, `SELECT COUNT(*) FROM notifications WHERE `+where, args...))
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
func stationOf30(t *testing.T, s *wired.Service) fanOut {
	t.Helper()
	f := fanOut{station: s.Station(t, "民生街道联络站", "450102001"), employers: map[int64]string{}, phones: map[int64]string{}, tokens: map[int64]string{}}
	for i := range 30 {
		phone := fmt.Sprintf("138001%05d", i)
		d := s.Deputy(t, fmt.Sprintf("代表%02d", i), phone, f.station)
		f.deputies = append(f.deputies, d)
		f.phones[d] = phone
		if i < 25 {
			f.employers[d] = fmt.Sprintf("139001%05d", i)
			setEmployer(t, s, d, fmt.Sprintf("单位%02d", i), f.employers[d])
		}
		if i%3 == 0 { // 10 of them
			tok, uid := deputyUser(t, s, d)
			f.tokens[d] = tok
			_, err := s.Notify.RecordGrants(t.Context(), uid, []string{"tmpl-notice", "tmpl-changed", "tmpl-reminder"})
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
	s := wired.New(t, noQuietHours)
	f := stationOf30(t, s)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{f.station}})
	start := time.Now().Add(72 * time.Hour).Truncate(time.Minute)

	w := s.Do(t, "POST", "/api/v1/admin/activities", staff, draftBody(f.station, start, map[string]any{"station_id": f.station}))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	id := jsonField(t, w, "id")
	subject := "activity:" + id
	assert.Equal(t, `"draft"`, jsonField(t, w, "status"))

	w = s.Do(t, "POST", "/api/v1/admin/activities/"+id+"/publish", staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "1", jsonField(t, w, "version"))
	s.SendPending(t, subject)

	assert.Len(t, s.WeChat.SentSubscribeMessages(), 10, "10 deputies by WeChat")
	for _, d := range f.deputies {
		want := 1
		if _, wechat := f.tokens[d]; wechat {
			want = 0
		}
		assert.Equal(t, want, s.SMS.Count(f.phones[d]), "deputy %d by SMS", d)
	}
	for _, phone := range f.employers {
		require.Equal(t, 1, s.SMS.Count(phone), "each employer once")
		params := s.SMS.Received(phone)[0].Params
		noticeCodeOf(t, params)
		for _, p := range params {
			assert.NotContains(t, p, "http", "no link in a variable")
		}
	}
	assert.Equal(t, 45, s.SMS.Total(), "20 deputies and 25 employers by SMS")
	assert.Equal(t, 30, countNotices(t, s, "subject = ? AND kind = 'activity_notice' AND status = 'sent'", subject))
	assert.Equal(t, 25, countNotices(t, s, "subject = ? AND kind = 'employer_notice' AND status = 'sent'", subject))

	// Publishing again, or a retried task, sends nothing more.
	w = s.Do(t, "POST", "/api/v1/admin/activities/"+id+"/publish", staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var ids []int64
	require.NoError(t, s.DB.SelectContext(t.Context(), &ids, `SELECT id FROM notifications WHERE subject = ?`, subject))
	for _, nid := range ids {
		require.NoError(t, s.Notify.Send(t.Context(), nid))
	}
	assert.Equal(t, 0, s.SendPending(t, subject))
	assert.Len(t, s.WeChat.SentSubscribeMessages(), 10)
	assert.Equal(t, 45, s.SMS.Total())

	// An unchanged re-save sends nothing.
	w = s.Do(t, "PATCH", "/api/v1/admin/activities/"+id, staff, map[string]any{"start_at": start.Format(time.RFC3339), "title": "代表接待日"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "1", jsonField(t, w, "version"))
	assert.Equal(t, 0, s.SendPending(t, subject))

	// A change of time sends exactly one change notice to each deputy and employer.
	w = s.Do(t, "PATCH", "/api/v1/admin/activities/"+id, staff, map[string]any{
		"start_at": start.Add(time.Hour).Format(time.RFC3339), "end_at": start.Add(3 * time.Hour).Format(time.RFC3339)})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "2", jsonField(t, w, "version"))
	s.SendPending(t, subject)
	w = s.Do(t, "PATCH", "/api/v1/admin/activities/"+id, staff, map[string]any{"start_at": start.Add(time.Hour).Format(time.RFC3339)})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	s.SendPending(t, subject)
	assert.Equal(t, 30, countNotices(t, s, "subject = ? AND kind = 'activity_changed'", subject))
	assert.Equal(t, 25, countNotices(t, s, "subject = ? AND kind = 'employer_changed'", subject))
	assert.Len(t, s.WeChat.SentSubscribeMessages(), 20)
	assert.Equal(t, 90, s.SMS.Total())
	for _, phone := range f.employers {
		assert.Equal(t, 2, s.SMS.Count(phone))
	}

	// The staff view lists every invitee with their notices.
	w = s.Do(t, "GET", "/api/v1/admin/activities/"+id, staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "30", jsonField(t, w, "counts.invited"))

	// Another station's staff do not see it.
	other := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{s.Station(t, "别处", "450102001")}})
	assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/admin/activities/"+id, other, nil).Code)
	assert.Equal(t, http.StatusNotFound, s.Do(t, "POST", "/api/v1/admin/activities/"+id+"/publish", other, nil).Code)

	// Cancel: one cancel notice each.
	w = s.Do(t, "POST", "/api/v1/admin/activities/"+id+"/cancel", staff, map[string]any{"reason": "台风预警"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, `"cancelled"`, jsonField(t, w, "status"))
	s.SendPending(t, subject)
	assert.Equal(t, 60, countNotices(t, s, "subject = ? AND kind = 'activity_changed'", subject))
	assert.Equal(t, 50, countNotices(t, s, "subject = ? AND kind = 'employer_changed'", subject))
}

func TestDraftValidation(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "甲站", "450102001")
	far := s.Station(t, "乙站", "450103")
	mine := s.Deputy(t, "甲", "13800000001", st)
	theirs := s.Deputy(t, "乙", "13800000002", far)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
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
			w := s.Do(t, "POST", "/api/v1/admin/activities", staff, b)
			require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
			assert.Contains(t, errorFields(t, w), c.field)
		})
	}
	t.Run("no publish in the past", func(t *testing.T) {
		b := draftBody(st, time.Now().Add(-time.Hour), map[string]any{"deputy_ids": []int64{mine}})
		w := s.Do(t, "POST", "/api/v1/admin/activities", staff, b)
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
		w = s.Do(t, "POST", "/api/v1/admin/activities/"+jsonField(t, w, "id")+"/publish", staff, nil)
		require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
		assert.Contains(t, errorFields(t, w), "start_at")
	})
	t.Run("a deputy cannot draft", func(t *testing.T) {
		tok, _ := deputyUser(t, s, mine)
		w := s.Do(t, "POST", "/api/v1/admin/activities", tok, draftBody(st, start, map[string]any{"deputy_ids": []int64{mine}}))
		assert.Equal(t, http.StatusForbidden, w.Code)
	})
}

func TestEmployerPageOverHTTP(t *testing.T) {
	s := wired.New(t, noQuietHours)
	st := s.Station(t, "民生街道联络站", "450102001")
	d := s.Deputy(t, "李明", "13800000011", st)
	setEmployer(t, s, d, "南宁市某中学", "13900000011")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	id, _ := publishWithEmployer(t, s, staff, st, d, "13900000011")
	token := employerToken(t, s, id, d)

	w := s.Do(t, "GET", "/n/"+token, "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	for _, want := range []string{"李明", "南宁市某中学", "代表接待日", "第三十三条", "确认收到"} {
		assert.Contains(t, body, want)
	}
	w = s.Do(t, "POST", "/n/"+token+"/ack", "", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Contains(t, s.Do(t, "GET", "/n/"+token, "", nil).Body.String(), "已确认收到")
	assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/n/AAAAAAAAAAAAAAAAAAAAAA", "", nil).Code)
	assert.Equal(t, http.StatusNotFound, s.Do(t, "POST", "/n/AAAAAAAAAAAAAAAAAAAAAA/ack", "", nil).Code)

	e := staffEmployerView(t, s, staff, id)
	assert.NotNil(t, e.AcknowledgedAt)
	assert.NotNil(t, e.OpenedAt)
	assert.True(t, e.Notified)

	// The staff's list of the activity's notices shows the employer's acknowledgement.
	w = s.Do(t, "GET", "/api/v1/admin/notifications?subject=activity:"+id, staff, nil)
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

	require.Equal(t, http.StatusOK, s.Do(t, "POST", "/api/v1/admin/activities/"+id+"/cancel", staff, map[string]any{"reason": "暴雨"}).Code)
	assert.Contains(t, s.Do(t, "GET", "/n/"+token, "", nil).Body.String(), "本次活动已取消")
}

// publishWithEmployer publishes an activity tomorrow for the deputy, sends
// its notices and returns its id and the employer's notice code (from the
// employer's SMS).
func publishWithEmployer(t *testing.T, s *wired.Service, staff string, st, deputy int64, employerPhone string) (string, string) {
	t.Helper()
	w := s.Do(t, "POST", "/api/v1/admin/activities", staff, draftBody(st, time.Now().Add(24*time.Hour), map[string]any{"deputy_ids": []int64{deputy}}))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	id := jsonField(t, w, "id")
	require.Equal(t, http.StatusOK, s.Do(t, "POST", "/api/v1/admin/activities/"+id+"/publish", staff, nil).Code)
	s.SendPending(t, "activity:"+id)
	got := s.SMS.Received(employerPhone)
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
func employerToken(t *testing.T, s *wired.Service, id string, deputy int64) string {
	t.Helper()
	var sealed []byte
	require.NoError(t, s.DB.GetContext(t.Context(), &sealed, `SELECT token_enc FROM employer_notices WHERE activity_id = ? AND deputy_id = ?`, id, deputy))
	token, err := s.Box.Open(sealed)
	require.NoError(t, err)
	return token
}

// staffEmployerView is what staff see of the first invitee's employer.
func staffEmployerView(t *testing.T, s *wired.Service, staff, id string) activities.EmployerState {
	t.Helper()
	w := s.Do(t, "GET", "/api/v1/admin/activities/"+id, staff, nil)
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
