package api_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestDeputyCodeIsFetchedFromWeChatOnceAndThenServedFromMySQL(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "韦建国", "13900000001", st)
	staff := userToken(t, s, staffOf(testkit.AreaXingning))
	path := "/api/v1/admin/deputies/" + itoa(dep) + "/qrcode"

	var first []byte
	for i := range 2 {
		w := s.Do(t, "GET", path, staff, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		assert.Equal(t, "image/jpeg", w.Header().Get("Content-Type"))
		assert.True(t, bytes.HasPrefix(w.Body.Bytes(), []byte("\xff\xd8\xff")), "the JPEG WeChat answers")
		if i == 0 {
			first = w.Body.Bytes()
		} else {
			assert.Equal(t, first, w.Body.Bytes(), "the second from the cache")
		}
	}
	reqs := s.WeChat.QRCodeRequests()
	require.Len(t, reqs, 1, "WeChat is asked once")
	assert.Equal(t, "d="+itoa(dep), reqs[0].Scene)
	assert.LessOrEqual(t, len(reqs[0].Scene), 32)
	assert.Equal(t, "pages/deputy/index", reqs[0].Page)
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM deputy_codes WHERE deputy_id = ?", dep))

	lz := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	otherCounty := userToken(t, s, staffOf(testkit.AreaChengzh))
	w := s.Do(t, "GET", path, otherCounty, nil)
	assert.Equal(t, http.StatusNotFound, w.Code, "staff of another county")
	outsider := s.Deputy(t, "外站代表", "13900000002", lz)
	w = s.Do(t, "GET", "/api/v1/admin/deputies/"+itoa(outsider)+"/qrcode", staff, nil)
	assert.Equal(t, http.StatusNotFound, w.Code, "a deputy of another county")
	assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/admin/deputies/999999/qrcode", staff, nil).Code)
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", path, "", nil).Code)
	assert.Len(t, s.WeChat.QRCodeRequests(), 1, "refused requests do not reach WeChat")
}
