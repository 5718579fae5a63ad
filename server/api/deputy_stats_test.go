package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// The station's statistics carry each deputy's letters beside the
// station's counts, in the caller's scope; a deputy is refused them.
func TestMessageStatisticsCarryEachDeputysLettersInScope(t *testing.T) {
	s := wired.New(t)
	st1 := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	st2 := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	a := s.Deputy(t, "韦建国", "13900000001", st1)
	b := s.Deputy(t, "黄丽", "13900000002", st2)
	aTok, _ := deputyUser(t, s, a)
	staff1 := userToken(t, s, staffOfStations(st1))
	citizen, _, _ := s.SignIn(t)
	answered := writeTo(t, s, citizen, a)
	handed := writeTo(t, s, citizen, a)
	writeTo(t, s, citizen, b)
	submitMessage(t, s, citizen, st1, validMessage())
	mustMessageTransition(t, s, aTok, answered, map[string]any{"action": "reply", "reply": "已联系社区，本周修好。"})
	mustMessageTransition(t, s, aTok, handed, map[string]any{"action": "hand_over", "note": "请联络站协调交警"})

	w := s.Do(t, "GET", "/api/v1/admin/stats/messages", staff1, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var stats struct {
		Received int `json:"received"`
		Deputies []struct {
			DeputyID       int64  `json:"deputy_id"`
			Name           string `json:"name"`
			Received       int    `json:"received"`
			Answered       int    `json:"answered"`
			Open           int    `json:"open"`
			HandedOver     int    `json:"handed_over"`
			HandedOverLate int    `json:"handed_over_late"`
		} `json:"deputies"`
	}
	decode(t, w, &stats)
	assert.Equal(t, 3, stats.Received, "the station's own count keeps every message")
	require.Len(t, stats.Deputies, 1, "黄丽's letter is at another station, out of scope")
	d := stats.Deputies[0]
	assert.Equal(t, a, d.DeputyID)
	assert.Equal(t, "韦建国", d.Name)
	assert.Equal(t, [5]int{2, 1, 1, 1, 0}, [5]int{d.Received, d.Answered, d.Open, d.HandedOver, d.HandedOverLate})

	w = s.Do(t, "GET", "/api/v1/admin/stats/messages", aTok, nil)
	assert.Equal(t, http.StatusForbidden, w.Code, "a deputy sees no station's statistics")
}
