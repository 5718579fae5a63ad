package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// toDeputy writes validMessage (plus extra) to a deputy, with an
// Idempotency-Key ("" for none).
func toDeputy(t *testing.T, s *wired.Service, token string, deputy int64, extra map[string]any, key string) *httptest.ResponseRecorder {
	t.Helper()
	body := validMessage()
	for k, v := range extra {
		body[k] = v
	}
	b, err := json.Marshal(body)
	require.NoError(t, err)
	req := httptest.NewRequest("POST", "/api/v1/deputies/"+itoa(deputy)+"/messages", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return s.Serve(t, req)
}

type stored struct {
	StationID int64  `db:"station_id"`
	Addressee *int64 `db:"addressee_deputy_id"`
}

func storedMessage(t *testing.T, s *wired.Service, id string) stored {
	t.Helper()
	var m stored
	require.NoError(t, s.DB.GetContext(t.Context(), &m, `SELECT station_id, addressee_deputy_id FROM messages WHERE id = ?`, id))
	return m
}

func TestWritingToADeputyLandsAtTheirStationWithTheAddressee(t *testing.T) {
	s := wired.New(t)
	first := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	second := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	elsewhere := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	dep := s.Deputy(t, "韦建国", "13900000001", second, first)
	citizen, _, _ := s.SignIn(t)

	t.Run("without station_id, the first of their stations", func(t *testing.T) {
		w := toDeputy(t, s, citizen, dep, nil, "")
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
		assert.JSONEq(t, `{"id":`+itoa(dep)+`,"name":"韦建国"}`, jsonField(t, w, "addressee"))
		m := storedMessage(t, s, jsonField(t, w, "id"))
		assert.Equal(t, first, m.StationID)
		require.NotNil(t, m.Addressee)
		assert.Equal(t, dep, *m.Addressee)
	})
	t.Run("the station the citizen chose", func(t *testing.T) {
		w := toDeputy(t, s, citizen, dep, map[string]any{"station_id": second}, "")
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
		m := storedMessage(t, s, jsonField(t, w, "id"))
		assert.Equal(t, second, m.StationID)
		assert.Equal(t, dep, *m.Addressee)
	})
	t.Run("a station not theirs is refused with the field", func(t *testing.T) {
		before := countRows(t, s, "SELECT COUNT(*) FROM messages")
		w := toDeputy(t, s, citizen, dep, map[string]any{"station_id": elsewhere}, "")
		require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
		assert.Contains(t, errorFields(t, w), "station_id")
		assert.Equal(t, before, countRows(t, s, "SELECT COUNT(*) FROM messages"))
	})
	t.Run("the intake's validation holds", func(t *testing.T) {
		w := toDeputy(t, s, citizen, dep, map[string]any{"content": "短"}, "")
		require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
		assert.Contains(t, errorFields(t, w), "content")
		w = toDeputy(t, s, citizen, dep, map[string]any{"on_behalf": map[string]any{"name": "张三", "consent": true}}, "")
		require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
		assert.Contains(t, errorFields(t, w), "on_behalf")
	})
	t.Run("signed in only", func(t *testing.T) {
		assert.Equal(t, http.StatusUnauthorized, toDeputy(t, s, "", dep, nil, "").Code)
	})
	t.Run("an unknown deputy is 404", func(t *testing.T) {
		w := toDeputy(t, s, citizen, 999999, nil, "")
		assert.Equal(t, http.StatusNotFound, w.Code)
		assert.Equal(t, "deputy_not_found", errorCode(t, w))
	})
	t.Run("a station message has addressee null", func(t *testing.T) {
		w := s.Do(t, "POST", "/api/v1/stations/"+itoa(first)+"/messages", citizen, validMessage())
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
		assert.Equal(t, "null", jsonField(t, w, "addressee"))
	})
}

func TestWritingToADeputyWhoseTermEndedIsRefusedAndNothingStored(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "韦建国", "13900000001", st)
	lonely := s.Deputy(t, "无站代表", "13900000002")
	staff := userToken(t, s, staffOf(testkit.AreaXingning))
	citizen, _, _ := s.SignIn(t)
	require.Equal(t, http.StatusOK, s.Do(t, "PATCH", "/api/v1/admin/deputies/"+itoa(dep), staff, map[string]any{"active": false}).Code)

	w := toDeputy(t, s, citizen, dep, nil, "ended-term-1")
	require.Equal(t, http.StatusConflict, w.Code, w.Body.String())
	assert.Equal(t, "deputy_inactive", errorCode(t, w))
	assert.Equal(t, "这位代表已不再接收留言，请给联络站留言", jsonString(t, w, "error.message"))

	w = toDeputy(t, s, citizen, lonely, nil, "")
	require.Equal(t, http.StatusConflict, w.Code, w.Body.String())
	assert.Equal(t, "deputy_without_station", errorCode(t, w))
	assert.Zero(t, countRows(t, s, "SELECT COUNT(*) FROM messages"))

	require.Equal(t, http.StatusOK, s.Do(t, "PATCH", "/api/v1/admin/deputies/"+itoa(dep), staff, map[string]any{"active": true}).Code)
	w = toDeputy(t, s, citizen, dep, nil, "ended-term-1")
	assert.Equal(t, http.StatusCreated, w.Code, "restored, the deputy takes messages again: %s", w.Body.String())
}

func TestWritingToADeputyTwiceWithOneIdempotencyKeyStoresOneMessage(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "韦建国", "13900000001", st)
	citizen, user, _ := s.SignIn(t)

	first := toDeputy(t, s, citizen, dep, nil, "form-deputy-1")
	require.Equal(t, http.StatusCreated, first.Code, first.Body.String())
	again := toDeputy(t, s, citizen, dep, nil, "form-deputy-1")
	require.Equal(t, http.StatusCreated, again.Code, again.Body.String())
	assert.JSONEq(t, first.Body.String(), again.Body.String(), "the repeat answers the first, addressee and all")
	assert.Equal(t, 1, messagesOf(t, s, user))
	assert.Contains(t, again.Body.String(), `"addressee":{"id":`+itoa(dep))

	bad := toDeputy(t, s, citizen, dep, nil, "bad key!")
	require.Equal(t, http.StatusBadRequest, bad.Code, bad.Body.String())
	assert.Contains(t, errorFields(t, bad), "idempotency_key")
	assert.Equal(t, 1, messagesOf(t, s, user))
}

func TestAMessageToADeputyShowsItsAddresseeToItsStationOnly(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	neighbour := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "韦建国", "13900000001", st)
	staff := userToken(t, s, staffOfStations(st))
	neighbours := userToken(t, s, staffOfStations(neighbour))
	citizen, _, _ := s.SignIn(t)

	w := toDeputy(t, s, citizen, dep, nil, "")
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	toHim := jsonField(t, w, "id")
	toStation := itoa(submitMessage(t, s, citizen, st, validMessage()))
	addressee := `{"id":` + itoa(dep) + `,"name":"韦建国"}`

	// The inbox: both, each with its addressee.
	w = s.Do(t, "GET", "/api/v1/admin/messages", staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var inbox struct {
		Items []struct {
			ID        int64           `json:"id"`
			Addressee json.RawMessage `json:"addressee"`
		} `json:"items"`
	}
	decode(t, w, &inbox)
	require.Len(t, inbox.Items, 2)
	assert.Equal(t, toStation, itoa(inbox.Items[0].ID), "newest first")
	assert.Equal(t, "null", string(inbox.Items[0].Addressee), "a station message")
	assert.JSONEq(t, addressee, string(inbox.Items[1].Addressee))

	// Filtered by addressee.
	w = s.Do(t, "GET", "/api/v1/admin/messages?addressee="+itoa(dep), staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	decode(t, w, &inbox)
	require.Len(t, inbox.Items, 1)
	assert.Equal(t, toHim, itoa(inbox.Items[0].ID))

	// The detail, for staff and for the author; my messages.
	for _, who := range []string{staff, citizen} {
		w = s.Do(t, "GET", "/api/v1/messages/"+toHim, who, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		assert.JSONEq(t, addressee, jsonField(t, w, "addressee"))
	}
	w = s.Do(t, "GET", "/api/v1/messages/"+toStation, citizen, nil)
	assert.Equal(t, "null", jsonField(t, w, "addressee"))
	w = s.Do(t, "GET", "/api/v1/me/messages", citizen, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	decode(t, w, &inbox)
	require.Len(t, inbox.Items, 2)
	assert.JSONEq(t, addressee, string(inbox.Items[1].Addressee))

	// Staff of another station see none of it.
	w = s.Do(t, "GET", "/api/v1/admin/messages?addressee="+itoa(dep), neighbours, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	decode(t, w, &inbox)
	assert.Empty(t, inbox.Items)
	assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/messages/"+toHim, neighbours, nil).Code)
}
