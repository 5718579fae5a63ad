//go:build preview

package console_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/devmode"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// The messages written to deputies (代表码) in the preview: on the demo,
// three letters to the demo's first deputy, one handed over by the deputy,
// one left past its deadline (handed over by the deadline), one waiting;
// the list, the late one's page and the 工作台 with the deputies' figures.
func TestConsolePreviewHandedOver(t *testing.T) {
	dir := previewDir(t)
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.DevLogin = true }))
	demo, err := devmode.Seed(t.Context(), s.App)
	require.NoError(t, err)
	dep := demo.Deputies[0].ID
	token, _ := s.User(t, access.Grant{Role: access.RoleDeputy, DeputyID: dep})
	asDeputy := s.As(t, token)
	citizenToken, _, _ := s.SignIn(t)
	author := s.As(t, citizenToken)
	write := func(content string) int64 {
		c, err := s.Messages.SubmitToDeputy(t.Context(), author, dep, messages.ToDeputy{Input: messages.Input{Category: "transport",
			Content: content, Name: "李女士"}}, messages.Origin{IP: "192.0.2.1"})
		require.NoError(t, err)
		return c.ID
	}
	handed := write("村口的桥栏杆断了，孩子上学很危险，请代表帮忙反映。")
	late := write("菜市场门口积水严重，老人出行不便。")
	write("小区路灯坏了三盏，晚上出行不便。")
	_, err = s.Messages.Handle(t.Context(), asDeputy, handed, messages.Transition{Action: messages.ActionHandOver, Note: "涉及交通设施，请联络站协调"})
	require.NoError(t, err)
	// The late letter's deadline passed (a fixture: the service's clock is the real one).
	s.DB.Exec(t, "UPDATE messages SET accept_due = ? WHERE id = ?", time.Now().Add(-time.Minute).UTC(), late)
	n, err := s.Messages.HandOverLate(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n)

	web := httptest.NewServer(s.HTTP())
	t.Cleanup(web.Close)
	ctx := browser(t)
	signInAdmin(t, ctx, s, web.URL, "preview-admin")
	for name, path := range map[string]string{"messages-handed": "/console/messages", "message-handed": "/console/messages/" + itoa(late), "home-deputies": "/console/"} {
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(web.URL+path), chromedp.WaitVisible(chromedp.CSS("main")), chromedp.Sleep(300*time.Millisecond)))
		out, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), out, 0o644))
	}
}
