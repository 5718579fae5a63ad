package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/testkit"
)

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// devServer is liaison-dev running in-process, as `go run ./server/cmd/liaison-dev` runs it.
type devServer struct {
	base    string
	welcome string
	logs    *testkit.Buffer // the service's JSON logs (stderr)
}

// startDev runs the command on free ports until the test ends, and waits
// for /healthz. The test fails if the command does not stop cleanly.
func startDev(t *testing.T, args ...string) *devServer {
	t.Helper()
	port := freePort(t)
	var stdout, stderr testkit.Buffer
	configs := filepath.Join("..", "..", "..", "configs")
	root := newRoot(config.Environ(nil), &stdout, &stderr)
	root.SetArgs(append([]string{
		"--config", filepath.Join(configs, "config.yaml"),
		"--areas", filepath.Join(configs, "areas", "guangxi.csv"),
		"--http-addr", fmt.Sprintf("127.0.0.1:%d", port),
	}, args...))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err, "liaison-dev stops cleanly on interrupt")
		case <-time.After(30 * time.Second):
			t.Error("liaison-dev did not stop")
		}
		if t.Failed() {
			t.Logf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
	})

	d := &devServer{base: fmt.Sprintf("http://127.0.0.1:%d", port), logs: &stderr}
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case err := <-done:
			t.Fatalf("liaison-dev exited: %v\nstderr:\n%s", err, stderr.String())
		default:
		}
		if strings.Contains(stdout.String(), "Ctrl-C") {
			if res, err := http.Get(d.base + "/healthz"); err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					break
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("liaison-dev did not come up\nstdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	d.welcome = stdout.String()
	return d
}

// printed finds a value in the welcome text.
func (d *devServer) printed(t *testing.T, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(d.welcome)
	require.NotNil(t, m, "the welcome text has %s:\n%s", pattern, d.welcome)
	return m[1]
}

// call makes a request and decodes the JSON answer into out (when not nil).
func (d *devServer) call(t *testing.T, method, path, token, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, d.base+path, strings.NewReader(body))
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	if out != nil {
		require.NoError(t, json.Unmarshal(data, out), "%s %s answered %s", method, path, data)
	}
	return res.StatusCode
}

// signIn uses the development sign-in, as the welcome text says.
func (d *devServer) signIn(t *testing.T, openid string) string {
	t.Helper()
	var out struct {
		Token string `json:"token"`
	}
	require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/dev", "", `{"openid":"`+openid+`"}`, &out))
	require.NotEmpty(t, out.Token)
	return out.Token
}

type me struct {
	ID    int64 `json:"id"`
	Roles []struct {
		Role       string  `json:"role"`
		StationIDs []int64 `json:"station_ids"`
		DeputyID   int64   `json:"deputy_id"`
	} `json:"roles"`
	Deputy *struct {
		Name  string `json:"name"`
		Phone string `json:"phone"`
	} `json:"deputy"`
}

type apiError struct {
	Error struct {
		Code string `json:"code"`
	} `json:"error"`
}

type deputy struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Phone    string `json:"phone"`
	Employer struct {
		Name         string `json:"name"`
		ContactName  string `json:"contact_name"`
		ContactPhone string `json:"contact_phone"`
	} `json:"employer"`
	StationIDs []int64 `json:"station_ids"`
}

func TestDevModeWalkthrough(t *testing.T) {
	d := startDev(t)
	assert.Contains(t, d.welcome, "lost on exit")
	assert.Contains(t, d.welcome, `/api/v1/auth/dev -d '{"openid":"demo-staff"}'`)
	stationID, err := strconv.ParseInt(d.printed(t, `public card\s+\S+/api/v1/stations/(\d+)`), 10, 64)
	require.NoError(t, err)
	staffCode := d.printed(t, `staff of station \d+\s+([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})`)
	adminCode := d.printed(t, `admin\s+([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})`)
	deputyCode := d.printed(t, `deputy \S+\s+([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})`)

	t.Run("health", func(t *testing.T) {
		var ready struct {
			Status string            `json:"status"`
			Checks map[string]string `json:"checks"`
		}
		assert.Equal(t, http.StatusOK, d.call(t, "GET", "/healthz", "", "", nil))
		require.Equal(t, http.StatusOK, d.call(t, "GET", "/readyz", "", "", &ready))
		assert.Equal(t, map[string]string{"mysql": "ok", "redis": "ok"}, ready.Checks)
	})

	t.Run("the printed MySQL port is the embedded database", func(t *testing.T) {
		port := d.printed(t, `mysql -h127.0.0.1 -P(\d+) -uroot`)
		db, err := store.Open(t.Context(), fmt.Sprintf("root@tcp(127.0.0.1:%s)/liaison?parseTime=true", port))
		require.NoError(t, err)
		defer db.Close()
		var n int
		require.NoError(t, db.Get(&n, "SELECT COUNT(*) FROM areas"))
		assert.Equal(t, 1410, n, "Guangxi's areas are loaded")
	})

	t.Run("public station card", func(t *testing.T) {
		var card struct {
			ID       int64  `json:"id"`
			Name     string `json:"name"`
			Area     struct{ Code, Name string }
			Latitude *float64 `json:"latitude"`
			Deputies []struct {
				Name     string   `json:"name"`
				Levels   []string `json:"levels"`
				Convenor bool     `json:"convenor"`
			} `json:"deputies"`
		}
		require.Equal(t, http.StatusOK, d.call(t, "GET", fmt.Sprintf("/api/v1/stations/%d", stationID), "", "", &card))
		assert.Equal(t, stationID, card.ID)
		assert.Contains(t, card.Name, "民生街道")
		assert.Equal(t, "450102001", card.Area.Code)
		require.NotNil(t, card.Latitude)
		require.Len(t, card.Deputies, 5)
		levels, convenors := map[string]bool{}, 0
		for _, dep := range card.Deputies {
			for _, l := range dep.Levels {
				levels[l] = true
			}
			if dep.Convenor {
				convenors++
			}
		}
		assert.Greater(t, len(levels), 2, "deputies of mixed levels")
		assert.Equal(t, 1, convenors, "one convenor")
		var raw map[string]any
		d.call(t, "GET", fmt.Sprintf("/api/v1/stations/%d", stationID), "", "", &raw)
		body, _ := json.Marshal(raw)
		assert.NotContains(t, string(body), "1380013", "the public card shows no phone number")
	})

	staff := d.signIn(t, "demo-staff")
	t.Run("a new user has no role", func(t *testing.T) {
		var m me
		require.Equal(t, http.StatusOK, d.call(t, "GET", "/api/v1/me", staff, "", &m))
		assert.NotZero(t, m.ID)
		assert.Empty(t, m.Roles)
	})

	t.Run("redeeming the printed staff invite", func(t *testing.T) {
		var m me
		require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/redeem", staff, `{"invite_code":"`+staffCode+`"}`, &m))
		require.Len(t, m.Roles, 1)
		assert.Equal(t, "staff", m.Roles[0].Role)
		assert.Equal(t, []int64{stationID}, m.Roles[0].StationIDs)
		var e apiError
		assert.Equal(t, http.StatusConflict, d.call(t, "POST", "/api/v1/auth/redeem", staff, `{"invite_code":"`+staffCode+`"}`, &e))
		assert.Equal(t, "invite_used", e.Error.Code, "an invite works once")
	})

	t.Run("staff see their station", func(t *testing.T) {
		var list struct {
			Items []struct {
				ID               int64  `json:"id"`
				ConvenorDeputyID *int64 `json:"convenor_deputy_id"`
			} `json:"items"`
		}
		require.Equal(t, http.StatusOK, d.call(t, "GET", "/api/v1/admin/stations", staff, "", &list))
		require.Len(t, list.Items, 1)
		assert.Equal(t, stationID, list.Items[0].ID)
		assert.NotNil(t, list.Items[0].ConvenorDeputyID)
	})

	t.Run("staff with scope see whole phone numbers", func(t *testing.T) {
		var list struct {
			Items []deputy `json:"items"`
		}
		require.Equal(t, http.StatusOK, d.call(t, "GET", "/api/v1/admin/deputies", staff, "", &list))
		require.Len(t, list.Items, 5)
		employers := 0
		for _, dep := range list.Items {
			assert.Regexp(t, `^1380013\d{4}$`, dep.Phone, dep.Name)
			assert.Equal(t, []int64{stationID}, dep.StationIDs)
			if dep.Employer.Name != "" {
				employers++
				assert.NotEmpty(t, dep.Employer.ContactName, dep.Name)
				assert.NotContains(t, dep.Employer.ContactPhone, "*", dep.Name)
			}
		}
		assert.GreaterOrEqual(t, employers, 2, "some deputies have employers")
	})

	t.Run("a user without a role is refused the admin lists", func(t *testing.T) {
		other := d.signIn(t, "demo-citizen")
		for _, path := range []string{"/api/v1/admin/stations", "/api/v1/admin/deputies"} {
			var e apiError
			assert.Equal(t, http.StatusForbidden, d.call(t, "GET", path, other, "", &e), path)
			assert.Equal(t, "staff_only", e.Error.Code, path)
		}
		var e apiError
		assert.Equal(t, http.StatusUnauthorized, d.call(t, "GET", "/api/v1/admin/stations", "", "", &e))
	})

	t.Run("the deputy invite binds a user to the convenor, phone masked", func(t *testing.T) {
		tok := d.signIn(t, "demo-deputy")
		var m me
		require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/redeem", tok, `{"invite_code":"`+deputyCode+`"}`, &m))
		require.NotNil(t, m.Deputy)
		assert.Regexp(t, `^138\*+\d{4}$`, m.Deputy.Phone)
	})

	t.Run("the admin invite makes an admin who can invite staff", func(t *testing.T) {
		tok := d.signIn(t, "demo-admin")
		var m me
		require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/redeem", tok, `{"invite_code":"`+adminCode+`"}`, &m))
		require.Len(t, m.Roles, 1)
		assert.Equal(t, "admin", m.Roles[0].Role)
		var inv struct {
			InviteCode string `json:"invite_code"`
		}
		assert.Equal(t, http.StatusCreated, d.call(t, "POST", "/api/v1/admin/invites", tok, `{"role":"staff","area_code":"450102"}`, &inv))
		assert.NotEmpty(t, inv.InviteCode)
		// The region's statistics add up the embedded engine's tallies of
		// the three demo messages.
		var st struct {
			Received int `json:"received"`
			Replied  int `json:"replied"`
		}
		require.Equal(t, http.StatusOK, d.call(t, "GET", "/api/v1/admin/stats/messages", tok, "", &st))
		assert.Equal(t, 3, st.Received)
		assert.Equal(t, 1, st.Replied)
	})
}

func TestDevModeWithoutSeedHasAreasAndAnAdminInviteOnly(t *testing.T) {
	d := startDev(t, "--no-seed")
	code := d.printed(t, `admin\s+([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})`)
	assert.NotContains(t, d.welcome, "staff of station")
	tok := d.signIn(t, "first-admin")
	require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/redeem", tok, `{"invite_code":"`+code+`"}`, nil))
	var list struct {
		Items []any `json:"items"`
	}
	require.Equal(t, http.StatusOK, d.call(t, "GET", "/api/v1/admin/stations", tok, "", &list))
	assert.Empty(t, list.Items)
	require.Equal(t, http.StatusOK, d.call(t, "GET", "/api/v1/areas?parent=450102", "", "", &list))
	assert.Len(t, list.Items, 6, "兴宁区's townships")
}

// The development sign-in lets anyone be anyone: dev mode listens on this machine unless
// told a host, and its help says how to open it to the LAN.
func TestDevModeListensOnThisMachineByDefaultAndItsHelpSaysHowToOpenIt(t *testing.T) {
	var out testkit.Buffer
	root := newRoot(config.Environ(nil), &out, &out)
	f := root.Flags().Lookup("http-addr")
	require.NotNil(t, f)
	assert.Equal(t, "127.0.0.1:8080", f.DefValue)
	root.SetArgs([]string{"--help"})
	require.NoError(t, root.Execute())
	assert.Contains(t, out.String(), `(default "127.0.0.1:8080")`)
	assert.Contains(t, out.String(), "0.0.0.0:8080", "how to reach it from a phone on the LAN")
}

func TestDevModeAnswersItsAddressWithAPagePointingAtTheConsole(t *testing.T) {
	d := startDev(t, "--no-seed")
	res, err := http.Get(d.base + "/")
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(body), `href="/console/"`)
	assert.NotContains(t, d.welcome, "开发登录对网络开放", "on 127.0.0.1 there is nothing to warn about")
}
