package api_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// uploadPhoto uploads a photo as token and returns its id.
func uploadPhoto(t *testing.T, s *wired.Service, token string) int64 {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "现场.jpg")
	require.NoError(t, err)
	_, err = fw.Write(wired.JPEG(t))
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	req := httptest.NewRequest("POST", "/api/v1/uploads", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	w := s.Serve(t, req)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	var id int64
	require.NoError(t, jsonUnmarshal(jsonField(t, w, "id"), &id))
	return id
}

type listedImages struct {
	Items []struct {
		ID     int64 `json:"id"`
		Images []struct {
			ID  int64  `json:"id"`
			URL string `json:"url"`
		} `json:"images"`
	} `json:"items"`
}

// The inbox and the author's own list carry each message's photos, as its
// detail does, read for the whole page at once.
func TestMessageListsCarryTheMessagesPhotos(t *testing.T) {
	tap := testkit.NewSQLTap(t)
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.MySQLDSN = tap.DSN(t, c.MySQLDSN) }))
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	staff, _ := s.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	citizen, _, _ := s.SignIn(t)
	p1, p2 := uploadPhoto(t, s, citizen), uploadPhoto(t, s, citizen)
	body := validMessage()
	body["image_ids"] = []int64{p1, p2}
	w := s.Do(t, "POST", "/api/v1/stations/"+itoa(st)+"/messages", citizen, body)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	var withPhotos int64
	require.NoError(t, jsonUnmarshal(jsonField(t, w, "id"), &withPhotos))
	for range 2 {
		w = s.Do(t, "POST", "/api/v1/stations/"+itoa(st)+"/messages", citizen, validMessage())
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	}

	for _, c := range []struct{ name, path, token string }{
		{"the staff inbox", "/api/v1/admin/messages", staff},
		{"the author's own list", "/api/v1/me/messages", citizen},
	} {
		tap.Take()
		w := s.Do(t, "GET", c.path, c.token, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		photoReads := 0
		for _, q := range tap.Take() {
			if strings.Contains(q, "FROM uploads") {
				photoReads++
			}
		}
		assert.Equal(t, 1, photoReads, "%s reads the page's photos in one query", c.name)
		var list listedImages
		require.NoError(t, jsonUnmarshal(w.Body.String(), &list))
		require.Len(t, list.Items, 3, c.name)
		for _, m := range list.Items {
			if m.ID != withPhotos {
				assert.NotNil(t, m.Images, "%s: images is [] for a message without photos, not null", c.name)
				assert.Empty(t, m.Images, c.name)
				continue
			}
			require.Len(t, m.Images, 2, "%s shows the message's photos", c.name)
			assert.Equal(t, p1, m.Images[0].ID)
			assert.Equal(t, "/api/v1/uploads/"+itoa(p2), m.Images[1].URL)
		}
	}
	// The detail says the same.
	w = s.Do(t, "GET", "/api/v1/messages/"+itoa(withPhotos), staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.JSONEq(t, `[{"id":`+itoa(p1)+`,"url":"/api/v1/uploads/`+itoa(p1)+`"},{"id":`+itoa(p2)+`,"url":"/api/v1/uploads/`+itoa(p2)+`"}]`, jsonField(t, w, "images"))
}
