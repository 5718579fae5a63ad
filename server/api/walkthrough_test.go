package api_test

import (
	"bytes"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// TestNewcomerWalkthrough follows the "done when": a client following
// the API signs in with a WeChat code, redeems the admin invite printed by
// `liaison admin invite --role admin`, creates a station, fetches its public
// card and PNG code, imports deputies from .xlsx, binds a deputy by a phone
// code, and is refused another scope's data.
func TestNewcomerWalkthrough(t *testing.T) {
	s := wired.New(t)

	// 1. The operator bootstraps the first admin.
	inv, err := s.Identity.CreateInvite(t.Context(), nil, identity.InviteInput{Role: access.RoleAdmin})
	require.NoError(t, err)
	s.WeChat.AddLogin("wx-login-admin", "openid-admin", "")
	w := s.Do(t, "POST", "/api/v1/auth/wechat", "", map[string]string{"code": "wx-login-admin"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	admin := jsonString(t, w, "token")
	w = s.Do(t, "POST", "/api/v1/auth/redeem", admin, map[string]string{"invite_code": strings.ToLower(inv.InviteCode)})
	require.Equal(t, http.StatusOK, w.Code, "invite codes are read out loud; case does not matter: %s", w.Body.String())

	// 2. The admin creates a station and fetches its public card and code.
	w = s.Do(t, "POST", "/api/v1/admin/stations", admin, map[string]any{
		"name": "兴宁区民生街道人大代表联络站", "kind": "community", "area_code": testkit.AreaMinsheng,
		"address": "南宁市兴宁区民生路 1 号", "latitude": 22.8186, "longitude": 108.3206, "open_hours": "周一至周五 9:00-17:00",
	})
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	stationID := jsonField(t, w, "id")

	card := s.Do(t, "GET", "/api/v1/stations/"+stationID, "", nil)
	require.Equal(t, http.StatusOK, card.Code, card.Body.String())
	assert.Equal(t, "兴宁区民生街道人大代表联络站", jsonString(t, card, "name"))
	assert.Equal(t, "民生街道", jsonString(t, card, "area.name"))

	code := s.Do(t, "GET", "/api/v1/admin/stations/"+stationID+"/qrcode", admin, nil)
	require.Equal(t, http.StatusOK, code.Code, code.Body.String())
	assert.Equal(t, "image/jpeg", code.Header().Get("Content-Type"), "served as WeChat made it")
	_, err = jpeg.Decode(bytes.NewReader(code.Body.Bytes()))
	require.NoError(t, err, "the station code is the JPEG WeChat answers")
	reqs := s.WeChat.QRCodeRequests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "s="+stationID, reqs[0].Scene, "the code opens this station")

	// 3. The admin imports deputies from a spreadsheet.
	xlsx := spreadsheet(t, [][]string{
		{"姓名", "手机号", "层级", "基层代表", "工作单位", "单位联系人", "单位联系电话", "联络站"},
		{"黄丽华", "13800138001", "县,乡镇", "是", "民生街道卫生服务中心", "李主任", "0771-5551234", stationID},
		{"韦建国", "13800138002", "市", "否", "", "", "", stationID},
		{"", "13800138003", "县", "否", "", "", "", stationID},
	})
	w = upload(t, s, "/api/v1/admin/deputies/import", admin, "deputies.xlsx", xlsx)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), `"row":2,"result":"created"`)
	assert.Contains(t, w.Body.String(), `"row":3,"result":"created"`)
	assert.Contains(t, w.Body.String(), `"row":4,"result":"error"`)

	card = s.Do(t, "GET", "/api/v1/stations/"+stationID, "", nil)
	assert.Contains(t, card.Body.String(), "黄丽华")
	assert.NotContains(t, card.Body.String(), "13800138001", "the public card shows no phone")

	// 4. A deputy binds themselves by the phone WeChat vouches for.
	s.WeChat.AddLogin("wx-login-huang", "openid-huang", "")
	w = s.Do(t, "POST", "/api/v1/auth/wechat", "", map[string]string{"code": "wx-login-huang"})
	huang := jsonString(t, w, "token")
	s.WeChat.AddPhone("phone-huang", "13800138001")
	w = s.Do(t, "POST", "/api/v1/auth/phone", huang, map[string]string{"code": "phone-huang"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "黄丽华", jsonString(t, w, "deputy.name"))
	assert.Equal(t, "138****8001", jsonString(t, w, "deputy.phone"))

	// 5. Staff of another city are refused this station and its deputies.
	other := s.Station(t, "城中区联络站", testkit.AreaChengzh)
	liuzhou := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{other}})
	for _, path := range []string{
		"/api/v1/admin/stations/" + stationID,
		"/api/v1/admin/stations/" + stationID + "/qrcode",
	} {
		w = s.Do(t, "GET", path, liuzhou, nil)
		assert.Equal(t, http.StatusNotFound, w.Code, path)
		assert.NotContains(t, w.Body.String(), "民生", path)
	}
	w = s.Do(t, "GET", "/api/v1/admin/deputies", liuzhou, nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.NotContains(t, w.Body.String(), "黄丽华", "another city's staff do not list this station's deputies")
	w = s.Do(t, "PATCH", "/api/v1/admin/stations/"+stationID, liuzhou, map[string]any{"name": "改名"})
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM stations WHERE name = '兴宁区民生街道人大代表联络站'"), "nothing changed")
}

// spreadsheet makes a real .xlsx with rows on its first sheet.
func spreadsheet(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		for j, v := range row {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			require.NoError(t, err)
			require.NoError(t, f.SetCellStr("Sheet1", cell, v))
		}
	}
	buf, err := f.WriteToBuffer()
	require.NoError(t, err)
	return buf.Bytes()
}

// upload posts a file as the multipart field "file".
func upload(t *testing.T, s *wired.Service, path, token, name string, content []byte) *httptest.ResponseRecorder {
	t.Helper()
	return s.Serve(t, uploadRequest(t, path, token, name, content))
}

// uploadRequest is the request of upload, to send to a server of the test's.
func uploadRequest(t *testing.T, path, token, name string, content []byte) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	require.NoError(t, err)
	_, err = fw.Write(content)
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}
