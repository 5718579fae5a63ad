package api_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit/headless"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestEmployerPageInHeadlessChromium(t *testing.T) {
	s := wired.New(t, noQuietHours)
	st := s.Station(t, "民生街道联络站", "450102001")
	d := s.Deputy(t, "李明", "13800700001", st)
	setEmployer(t, s, d, "南宁市某中学", "13900700001")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	id, code := publishWithEmployer(t, s, staff, st, d, "13900700001")
	web := httptest.NewServer(s.HTTP())
	t.Cleanup(web.Close)

	ctx := headless.New(t, 390, 844)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelTimeout)

	text := func(id string) string {
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
		require.NoError(t, err, id)
		return v
	}
	// The SMS's constant link asks for the code; the employer types it, in small letters.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(web.URL+"/n"), chromedp.WaitVisible(chromedp.ID("code")),
		chromedp.SendKeys(chromedp.ID("code"), strings.ToLower(code)), chromedp.Click(chromedp.ID("open")),
		chromedp.WaitVisible(chromedp.ID("ack"))))
	deputy, title, office := text("deputy"), text("title"), text("office")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("ack")), chromedp.WaitVisible(chromedp.ID("acknowledged"))))
	ack := text("acknowledged")
	assert.Equal(t, "李明", deputy)
	assert.Contains(t, title, "代表接待日")
	assert.NotEmpty(t, strings.TrimSpace(office))
	assert.Contains(t, ack, "已确认收到")

	e := staffEmployerView(t, s, staff, id)
	assert.NotNil(t, e.OpenedAt, "staff see the page opened")
	assert.NotNil(t, e.AcknowledgedAt, "and acknowledged")
}
