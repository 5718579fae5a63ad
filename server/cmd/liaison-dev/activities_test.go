package main

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDevModeActivities walks the main flow of activities on the embedded
// servers: the seeded activity's notices reached the log channel (deputies
// and their employers, with the employer's link), a deputy sees the activity,
// answers it, the employer opens and acknowledges the page, and a check-in a
// day early is refused.
func TestDevModeActivities(t *testing.T) {
	d := startDev(t)
	deputyCode := d.printed(t, `deputy \S+\s+([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})`)

	// The worker sends the seeded activity's notices to the log channel.
	// The employer's SMS ends in the notice code; its template's link is the constant /n.
	noticeCode := regexp.MustCompile(`"params":\[.*"([2-9A-HJ-NP-Z]{8})"`)
	var code string
	require.Eventually(t, func() bool {
		notices, employers := 0, 0
		for _, line := range strings.Split(d.logs.String(), "\n") {
			if !strings.Contains(line, `"msg":"notice (log channel)"`) {
				continue
			}
			if strings.Contains(line, `"kind":"activity_notice"`) {
				notices++
			}
			if strings.Contains(line, `"kind":"employer_notice"`) {
				employers++
				if m := noticeCode.FindStringSubmatch(line); m != nil {
					code = m[1]
				}
			}
		}
		return notices >= 4 && employers >= 3 && code != ""
	}, 20*time.Second, 100*time.Millisecond, "activity and employer notices reach the log channel")
	require.NotRegexp(t, `1380013800\d`, d.logs.String(), "no full phone number in the logs")

	deputy := d.signIn(t, "demo-deputy-activities")
	require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/redeem", deputy, `{"invite_code":"`+deputyCode+`"}`, nil))
	var mine struct {
		Items []struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		} `json:"items"`
	}
	require.Equal(t, http.StatusOK, d.call(t, "GET", "/api/v1/me/activities", deputy, "", &mine))
	require.NotEmpty(t, mine.Items, "the convenor is invited to the seeded activity")
	id := mine.Items[0].ID
	require.Equal(t, http.StatusOK, d.call(t, "POST", fmt.Sprintf("/api/v1/activities/%d/rsvp", id), deputy, `{"answer":"attend"}`, nil))
	require.Equal(t, http.StatusForbidden, d.call(t, "POST", fmt.Sprintf("/api/v1/activities/%d/checkin", id), deputy,
		`{"code":"000000","latitude":22.81735,"longitude":108.31899}`, nil), "the check-in window opens an hour before the start")

	// The employer opens the link from the SMS and acknowledges it.
	page, err := http.Get(d.base + "/n?code=" + code)
	require.NoError(t, err)
	page.Body.Close()
	require.Equal(t, http.StatusOK, page.StatusCode)
	ack, err := http.PostForm(d.base+"/n", url.Values{"code": {code}})
	require.NoError(t, err)
	ack.Body.Close()
	require.Equal(t, http.StatusOK, ack.StatusCode, "the form post lands on the acknowledged page")
}
