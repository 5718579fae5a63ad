package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDevModeMessages walks the main flow of citizen messages on the
// embedded servers: the seeded messages, a new message, staff accept and
// reply, the citizen reads the answer and rates it.
func TestDevModeMessages(t *testing.T) {
	d := startDev(t)
	stationID, err := strconv.ParseInt(d.printed(t, `public card\s+\S+/api/v1/stations/(\d+)`), 10, 64)
	require.NoError(t, err)
	staffCode := d.printed(t, `staff of station \d+\s+([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})`)

	citizen := d.signIn(t, "demo-citizen")
	var mine struct {
		Items []struct {
			Status string `json:"status"`
		} `json:"items"`
	}
	require.Equal(t, http.StatusOK, d.call(t, "GET", "/api/v1/me/messages", citizen, "", &mine))
	require.Len(t, mine.Items, 3, "seeded: submitted, assigned, closed")

	var created struct {
		ID   int64  `json:"id"`
		Code string `json:"code"`
	}
	require.Equal(t, http.StatusCreated, d.call(t, "POST", fmt.Sprintf("/api/v1/stations/%d/messages", stationID), citizen,
		`{"category":"environment","content":"河边垃圾没人清理，气味很大。","phone":"13800130099"}`, &created))
	require.Regexp(t, `^LX\d{4}-[2-9A-Z]{4}$`, created.Code)

	staff := d.signIn(t, "demo-staff-messages")
	require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/redeem", staff, `{"invite_code":"`+staffCode+`"}`, nil))
	path := fmt.Sprintf("/api/v1/admin/messages/%d/transitions", created.ID)
	require.Equal(t, http.StatusOK, d.call(t, "POST", path, staff, `{"action":"accept"}`, nil))
	require.Equal(t, http.StatusOK, d.call(t, "POST", path, staff, `{"action":"reply","reply":"已通知环卫所，明天清理。"}`, nil))

	var m struct {
		Status string `json:"status"`
		Reply  string `json:"reply"`
	}
	require.Equal(t, http.StatusOK, d.call(t, "GET", fmt.Sprintf("/api/v1/messages/%d", created.ID), citizen, "", &m))
	require.Equal(t, "replied", m.Status)
	require.Equal(t, http.StatusOK, d.call(t, "POST", fmt.Sprintf("/api/v1/messages/%d/rating", created.ID), citizen, `{"rating":"satisfied"}`, &m))
	require.Equal(t, "closed", m.Status)

	// The reply notice went through the worker to the log channel: an SMS to
	// the phone the citizen left, masked.
	require.Eventually(t, func() bool {
		for _, line := range strings.Split(d.logs.String(), "\n") {
			if strings.Contains(line, `"msg":"notice (log channel)"`) && strings.Contains(line, `"kind":"message_reply"`) &&
				strings.Contains(line, "138****0099") && strings.Contains(line, created.Code) {
				return true
			}
		}
		return false
	}, 20*time.Second, 100*time.Millisecond, "the reply notice reaches the log channel")
	require.NotContains(t, d.logs.String(), "13800130099", "no full phone number in the logs")
}
