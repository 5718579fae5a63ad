package api_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestDeputyCodeIsFetchedFromWeChatOnceAndThenServedFromMySQL(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "韦建国", "13900000001", st)
	staff := userToken(t, s, staffOf(testkit.AreaXingning))
	path := "/api/v1/admin/deputies/" + itoa(dep) + "/qrcode"

	var first []byte
	for i := range 2 {
		w := s.Do(t, "GET", path, staff, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		assert.Equal(t, "image/jpeg", w.Header().Get("Content-Type"))
		assert.True(t, bytes.HasPrefix(w.Body.Bytes(), []byte("\xff\xd8\xff")), "the JPEG WeChat answers")
		if i == 0 {
			first = w.Body.Bytes()
		} else {
			assert.Equal(t, first, w.Body.Bytes(), "the second from the cache")
		}
	}
	reqs := s.WeChat.QRCodeRequests()
	require.Len(t, reqs, 1, "WeChat is asked once")
	assert.Equal(t, "d="+itoa(dep), reqs[0].Scene)
	assert.LessOrEqual(t, len(reqs[0].Scene), 32)
	assert.Equal(t, "pages/deputy/index", reqs[0].Page)
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM deputy_codes WHERE deputy_id = ?", dep))

	lz := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	otherCounty := userToken(t, s, staffOf(testkit.AreaChengzh))
	w := s.Do(t, "GET", path, otherCounty, nil)
	assert.Equal(t, http.StatusNotFound, w.Code, "staff of another county")
	outsider := s.Deputy(t, "外站代表", "13900000002", lz)
	w = s.Do(t, "GET", "/api/v1/admin/deputies/"+itoa(outsider)+"/qrcode", staff, nil)
	assert.Equal(t, http.StatusNotFound, w.Code, "a deputy of another county")
	assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/admin/deputies/999999/qrcode", staff, nil).Code)
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", path, "", nil).Code)
	assert.Len(t, s.WeChat.QRCodeRequests(), 1, "refused requests do not reach WeChat")
}

func TestDeputyCardShowsStationsAndDutyDaysAndNothingPrivate(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	second := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "韦建国", "13900000001", second, st)
	s.DB.Exec(t, "UPDATE deputies SET levels = 'city,county', employer_name = '南宁市第一中学', employer_contact = '李主任' WHERE id = ?", dep)
	wired.PastActivity(t, s.DB, st, "reception_day", "2099-03-02 09:00", "published", []int64{dep}, nil, nil)
	wired.PastActivity(t, s.DB, second, "reception_day", "2099-02-02 09:00", "published", []int64{dep}, nil, nil)
	wired.PastActivity(t, s.DB, st, "reception_day", "2099-01-02 09:00", "published", []int64{dep}, nil, []int64{dep}) // on leave
	wired.PastActivity(t, s.DB, st, "reception_day", "2099-01-03 09:00", "draft", []int64{dep}, nil, nil)
	wired.PastActivity(t, s.DB, st, "visit", "2099-01-04 09:00", "published", []int64{dep}, nil, nil)
	wired.PastActivity(t, s.DB, st, "reception_day", "2020-01-04 09:00", "published", []int64{dep}, nil, nil) // over
	wired.PastActivity(t, s.DB, st, "reception_day", "2099-01-05 09:00", "published", nil, nil, nil)          // not invited

	w := s.Do(t, "GET", "/api/v1/deputies/"+itoa(dep), "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var got struct {
		ID       int64    `json:"id"`
		Name     string   `json:"name"`
		Levels   []string `json:"levels"`
		Active   bool     `json:"active"`
		Stations []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"stations"`
		ReceptionDays []struct {
			StartAt     string `json:"start_at"`
			StationID   int64  `json:"station_id"`
			StationName string `json:"station_name"`
		} `json:"reception_days"`
	}
	decode(t, w, &got)
	assert.Equal(t, dep, got.ID)
	assert.Equal(t, "韦建国", got.Name)
	assert.Equal(t, []string{"city", "county"}, got.Levels)
	assert.True(t, got.Active)
	require.Len(t, got.Stations, 2)
	assert.Equal(t, st, got.Stations[0].ID, "by id")
	assert.Equal(t, "兴宁区联络站", got.Stations[0].Name)
	require.Len(t, got.ReceptionDays, 2, "the upcoming published reception days they are on duty: %s", w.Body.String())
	assert.Equal(t, "2099-02-02T09:00:00+08:00", got.ReceptionDays[0].StartAt)
	assert.Equal(t, "民生街道联络站", got.ReceptionDays[0].StationName)
	assert.Equal(t, st, got.ReceptionDays[1].StationID)
	for _, private := range []string{"13900000001", "南宁市第一中学", "李主任", "phone", "employer"} {
		assert.NotContains(t, w.Body.String(), private)
	}

	s.DB.Exec(t, "UPDATE deputies SET active = 0 WHERE id = ?", dep)
	w = s.Do(t, "GET", "/api/v1/deputies/"+itoa(dep), "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	decode(t, w, &got)
	assert.False(t, got.Active, "a deputy whose term ended")

	w = s.Do(t, "GET", "/api/v1/deputies/999999", "", nil)
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Equal(t, "deputy_not_found", errorCode(t, w))
}

func TestStaffEndAndRestoreADeputysTerm(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "韦建国", "13900000001", st)
	staff := userToken(t, s, staffOf(testkit.AreaXingning))
	path := "/api/v1/admin/deputies/" + itoa(dep)

	w := s.Do(t, "PATCH", path, staff, map[string]any{"active": false})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "false", jsonField(t, w, "active"))
	assert.Equal(t, "韦建国", jsonString(t, w, "name"), "nothing else changes")
	assert.Equal(t, "false", jsonField(t, s.Do(t, "GET", "/api/v1/deputies/"+itoa(dep), "", nil), "active"))
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM audit_log WHERE summary LIKE '%任期已结束%'"))

	w = s.Do(t, "PATCH", path, staff, map[string]any{"active": true})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "true", jsonField(t, s.Do(t, "GET", "/api/v1/deputies/"+itoa(dep), "", nil), "active"))

	other := userToken(t, s, staffOf(testkit.AreaChengzh))
	assert.Equal(t, http.StatusNotFound, s.Do(t, "PATCH", path, other, map[string]any{"active": false}).Code)
	assert.Equal(t, "true", jsonField(t, s.Do(t, "GET", "/api/v1/deputies/"+itoa(dep), "", nil), "active"))
}
