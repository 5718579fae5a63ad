package activities_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// letters writes to deputies through the API and answers through the
// transitions, telling the time by a clock the test moves.
type letters struct {
	s     *wired.Service
	clk   *clock.Fixed
	staff string
}

// write is a citizen's message to the deputy, now; its id.
func (l letters) write(t *testing.T, deputy int64) int64 {
	t.Helper()
	citizen, _, _ := l.s.SignIn(t)
	b, err := json.Marshal(map[string]any{"category": "transport", "content": "小区门口的红绿灯经常坏，早高峰很危险，希望尽快修好。"})
	require.NoError(t, err)
	req := httptest.NewRequest("POST", "/api/v1/deputies/"+strconv.FormatInt(deputy, 10)+"/messages", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+citizen)
	w := l.s.Serve(t, req)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	var out struct {
		ID int64 `json:"id"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &out))
	return out.ID
}

// answer accepts and replies to message id after d.
func (l letters) answer(t *testing.T, id int64, after time.Duration) {
	t.Helper()
	l.clk.Advance(after)
	for _, body := range []map[string]any{{"action": "accept"}, {"action": "reply", "reply": "已联系有关部门，本周内修好。"}} {
		w := l.s.Do(t, "POST", "/api/v1/admin/messages/"+strconv.FormatInt(id, 10)+"/transitions", l.staff, body)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	}
}

func TestPerformanceFileCountsLettersWrittenToTheDeputy(t *testing.T) {
	clk := clock.NewFixed(time.Date(2025, 12, 30, 2, 0, 0, 0, time.UTC))
	s := wired.New(t, wired.Clock(clk))
	st := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	odd := s.Deputy(t, "韦建国", "13900000001", st)
	even := s.Deputy(t, "黄秀梅", "13900000002", st)
	none := s.Deputy(t, "李明", "13900000003", st)
	staff, _ := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})
	l := letters{s: s, clk: clk, staff: staff}

	// 2025: a letter to odd answered after 5h (not counted in 2026)
	l.answer(t, l.write(t, odd), 5*time.Hour)
	clk.Advance(3 * 24 * time.Hour) // into 2026
	// odd: answered after 2h, 30h, 50h, one never answered → median 30h
	// even: answered after 1h and 4h → median 2.5h
	for _, c := range []struct {
		deputy int64
		after  time.Duration
	}{{odd, 2 * time.Hour}, {odd, 30 * time.Hour}, {odd, 50 * time.Hour}, {even, 4 * time.Hour}, {even, time.Hour}} {
		l.answer(t, l.write(t, c.deputy), c.after)
	}
	l.write(t, odd)

	rec := func(id int64, year int) *activities.Record {
		t.Helper()
		r, err := s.Activities.DeputyRecord(t.Context(), wired.Admin, id, year)
		require.NoError(t, err)
		return r
	}
	r := rec(odd, 2026)
	assert.Equal(t, 4, r.MessagesReceived)
	assert.Equal(t, 3, r.MessagesAnswered)
	require.NotNil(t, r.MessagesMedianReplyHours)
	assert.Equal(t, 30.0, *r.MessagesMedianReplyHours)

	r = rec(even, 2026)
	assert.Equal(t, 2, r.MessagesReceived)
	assert.Equal(t, 2, r.MessagesAnswered)
	require.NotNil(t, r.MessagesMedianReplyHours)
	assert.Equal(t, 2.5, *r.MessagesMedianReplyHours)

	r = rec(odd, 2025)
	assert.Equal(t, 1, r.MessagesReceived)
	assert.Equal(t, 1, r.MessagesAnswered)
	require.NotNil(t, r.MessagesMedianReplyHours)
	assert.Equal(t, 5.0, *r.MessagesMedianReplyHours)

	r = rec(none, 2026)
	assert.Equal(t, 0, r.MessagesReceived)
	assert.Nil(t, r.MessagesMedianReplyHours, "no answer, no median")

	t.Run("the station's files: each deputy their own median, in one pass", func(t *testing.T) {
		all, err := s.Activities.StationRecords(t.Context(), wired.Admin, st, "", 2026)
		require.NoError(t, err)
		got := map[string]string{}
		for _, r := range all {
			got[r.Name] = strconv.Itoa(r.MessagesReceived) + "/" + strconv.Itoa(r.MessagesAnswered) + " " + r.MedianReplyWords()
		}
		assert.Equal(t, map[string]string{"韦建国": "4/3 1天6小时", "黄秀梅": "2/2 2小时", "李明": "0/0 "}, got)
	})

	t.Run("the API answers them", func(t *testing.T) {
		w := s.Do(t, "GET", "/api/v1/admin/deputies/"+strconv.FormatInt(odd, 10)+"/record?year=2026", staff, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		var out map[string]any
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &out))
		assert.Equal(t, 4.0, out["messages_received"])
		assert.Equal(t, 3.0, out["messages_answered"])
		assert.Equal(t, 30.0, out["messages_median_reply_hours"])
		w = s.Do(t, "GET", "/api/v1/admin/deputies/"+strconv.FormatInt(none, 10)+"/record?year=2026", staff, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		assert.Contains(t, w.Body.String(), `"messages_median_reply_hours":null`)
	})

	t.Run("the Excel has a section 群众来信", func(t *testing.T) {
		data, err := activities.RecordXLSX(rec(odd, 2026))
		require.NoError(t, err)
		f, err := excelize.OpenReader(bytes.NewReader(data))
		require.NoError(t, err)
		rows, err := f.GetRows("履职档案")
		require.NoError(t, err)
		found := map[string]string{}
		for _, row := range rows {
			switch {
			case len(row) >= 2:
				found[row[0]] = row[1]
			case len(row) == 1:
				found[row[0]] = ""
			}
		}
		assert.Contains(t, found, "群众来信")
		assert.Equal(t, "4", found["收到"])
		assert.Equal(t, "3", found["已答复"])
		assert.Equal(t, "1天6小时", found["首次答复用时中位数"])

		all, err := s.Activities.StationRecords(t.Context(), wired.Admin, st, "", 2026)
		require.NoError(t, err)
		data, err = activities.RecordsXLSX(2026, all)
		require.NoError(t, err)
		f, err = excelize.OpenReader(bytes.NewReader(data))
		require.NoError(t, err)
		rows, err = f.GetRows("2026年履职档案")
		require.NoError(t, err)
		require.Len(t, rows, 4)
		assert.Equal(t, []string{"收到来信", "来信已答复", "首次答复用时中位数（小时）"}, rows[0][8:11])
		assert.Equal(t, []string{"4", "3", "30"}, rows[1][8:11], rows[1][1])
	})
}
