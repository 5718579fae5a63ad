package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// postWithKey submits validMessage to station with an Idempotency-Key ("" for none).
func postWithKey(t *testing.T, s *wired.Service, token string, station int64, key string) *httptest.ResponseRecorder {
	t.Helper()
	b, err := json.Marshal(validMessage())
	require.NoError(t, err)
	req := httptest.NewRequest("POST", "/api/v1/stations/"+itoa(station)+"/messages", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return s.Serve(t, req)
}

func messagesOf(t *testing.T, s *wired.Service, userID int64) int {
	t.Helper()
	var n int
	require.NoError(t, s.DB.GetContext(t.Context(), &n, `SELECT COUNT(*) FROM messages WHERE user_id = ?`, userID))
	return n
}

func TestSameIdempotencyKeyAnswersTheFirstMessage(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", "450102001")
	token, user, _ := s.SignIn(t)

	first := postWithKey(t, s, token, st, "form-7Kq2_abc")
	require.Equal(t, http.StatusCreated, first.Code, first.Body.String())
	again := postWithKey(t, s, token, st, "form-7Kq2_abc")
	require.Equal(t, http.StatusCreated, again.Code, again.Body.String())
	assert.JSONEq(t, first.Body.String(), again.Body.String(), "the repeat answers the first message, body and all")
	assert.Equal(t, 1, messagesOf(t, s, user))

	// A key differing only in case is another key.
	other := postWithKey(t, s, token, st, "FORM-7kQ2_ABC")
	require.Equal(t, http.StatusCreated, other.Code, other.Body.String())
	assert.NotEqual(t, first.Body.String(), other.Body.String())
	assert.Equal(t, 2, messagesOf(t, s, user))
}

func TestSameIdempotencyKeyAtOnceStoresOneMessage(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", "450102001")
	token, user, _ := s.SignIn(t)

	const n = 2
	answers := make([]*httptest.ResponseRecorder, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			answers[i] = postWithKey(t, s, token, st, "same-key-at-once")
		}()
	}
	close(start)
	wg.Wait()
	for _, w := range answers {
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	}
	assert.JSONEq(t, answers[0].Body.String(), answers[1].Body.String())
	assert.Equal(t, 1, messagesOf(t, s, user))
}

func TestAnotherUsersSameIdempotencyKeyIsTheirOwn(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", "450102001")
	alice, aliceID, _ := s.SignIn(t)
	bob, bobID, _ := s.SignIn(t)

	a := postWithKey(t, s, alice, st, "shared-key-123")
	require.Equal(t, http.StatusCreated, a.Code, a.Body.String())
	b := postWithKey(t, s, bob, st, "shared-key-123")
	require.Equal(t, http.StatusCreated, b.Code, b.Body.String())
	var am, bm struct{ ID int64 }
	decode(t, a, &am)
	decode(t, b, &bm)
	assert.NotEqual(t, am.ID, bm.ID)
	assert.Equal(t, 1, messagesOf(t, s, aliceID))
	assert.Equal(t, 1, messagesOf(t, s, bobID))
}

func TestBadIdempotencyKeyIsRefusedAndNothingStored(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", "450102001")
	token, user, _ := s.SignIn(t)

	for name, key := range map[string]string{
		"too short":         "abc1234",
		"too long":          string(bytes.Repeat([]byte("k"), 65)),
		"a space":           "form key 1",
		"a dot":             "form.key.1",
		"a Chinese letter":  "提交编号12345678",
		"a slash and colon": "a/b:c-123456",
	} {
		t.Run(name, func(t *testing.T) {
			w := postWithKey(t, s, token, st, key)
			require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
			assert.Contains(t, errorFields(t, w)["idempotency_key"], "提交编号")
		})
	}
	assert.Equal(t, 0, messagesOf(t, s, user))
}

func TestIdempotencyKeyAfterADayMakesANewMessage(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC))
	s := wired.New(t, wired.Clock(clk))
	st := s.Station(t, "民生街道联络站", "450102001")
	token, user, _ := s.SignIn(t)

	first := postWithKey(t, s, token, st, "kept-for-a-day")
	require.Equal(t, http.StatusCreated, first.Code, first.Body.String())
	clk.Advance(24*time.Hour - time.Minute)
	within := postWithKey(t, s, token, st, "kept-for-a-day")
	require.Equal(t, http.StatusCreated, within.Code, within.Body.String())
	assert.JSONEq(t, first.Body.String(), within.Body.String(), "within 24 h the key answers the first message")
	assert.Equal(t, 1, messagesOf(t, s, user))

	clk.Advance(time.Minute)
	later := postWithKey(t, s, token, st, "kept-for-a-day")
	require.Equal(t, http.StatusCreated, later.Code, later.Body.String())
	assert.NotEqual(t, first.Body.String(), later.Body.String())
	assert.Equal(t, 2, messagesOf(t, s, user))

	// The new message now holds the key.
	again := postWithKey(t, s, token, st, "kept-for-a-day")
	require.Equal(t, http.StatusCreated, again.Code, again.Body.String())
	assert.JSONEq(t, later.Body.String(), again.Body.String())
	assert.Equal(t, 2, messagesOf(t, s, user))
}
