package api_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// card reads a station's public card as a map.
func card(t *testing.T, s *wired.Service, station int64) map[string]any {
	t.Helper()
	w := s.Do(t, "GET", "/api/v1/stations/"+itoa(station), "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var out map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &out))
	return out
}

func TestStationCardShowsItsDeputiesLettersOnlyWhenSet(t *testing.T) {
	for _, on := range []bool{false, true} {
		clk := clock.NewFixed(time.Date(2025, 12, 31, 1, 0, 0, 0, time.UTC))
		s := wired.New(t, wired.Clock(clk), wired.Configure(func(c *config.Config) { c.PublicStationLetters = on }))
		st := s.Station(t, "民生街道联络站", testkit.AreaXingning)
		other := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
		dep := s.Deputy(t, "韦建国", "13900000001", st)
		staff, _ := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})
		citizen, _, _ := s.SignIn(t)

		write := func() string {
			t.Helper()
			w := toDeputy(t, s, citizen, dep, nil, "")
			require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
			return jsonField(t, w, "id")
		}
		answer := func(id string) {
			t.Helper()
			for _, body := range []map[string]any{{"action": "accept"}, {"action": "reply", "reply": "已修好。"}} {
				w := s.Do(t, "POST", "/api/v1/admin/messages/"+id+"/transitions", staff, body)
				require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			}
		}
		answer(write())             // 2025: not this year's
		clk.Advance(24 * time.Hour) // 2026
		answer(write())
		write()
		submitMessage(t, s, citizen, st, validMessage()) // to the station, not a deputy
		submitMessage(t, s, citizen, other, validMessage())

		c := card(t, s, st)
		if !on {
			assert.NotContains(t, c, "letters", "off by default")
			continue
		}
		assert.Equal(t, map[string]any{"year": 2026.0, "received": 2.0, "answered": 1.0}, c["letters"])
		assert.Equal(t, map[string]any{"year": 2026.0, "received": 0.0, "answered": 0.0}, card(t, s, other)["letters"])
	}
}
