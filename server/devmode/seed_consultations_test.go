package devmode

import (
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The demo has a consultation open at the demo station, which is a
// legislative contact point: a newcomer sees 立法征询 working at once.
func TestTheDemoStationConsultsOnADraftByArticle(t *testing.T) {
	in := bootForTest(t, nil, BootOptions{})
	h := in.App.Handler()
	get := func(path string, dst any) {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		require.Equal(t, 200, w.Code, w.Body.String())
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), dst))
	}
	station := strconv.FormatInt(in.Demo.Station.ID, 10)
	var card struct {
		ContactPoint bool `json:"legislative_contact_point"`
	}
	get("/api/v1/stations/"+station, &card)
	assert.True(t, card.ContactPoint)

	var list struct {
		Items []struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		} `json:"items"`
	}
	get("/api/v1/consultations?station_id="+station, &list)
	require.Len(t, list.Items, 1)
	var draft struct {
		Articles []struct {
			Number  string `json:"number"`
			Chapter string `json:"chapter"`
			Text    string `json:"text"`
		} `json:"articles"`
	}
	get("/api/v1/consultations/"+strconv.FormatInt(list.Items[0].ID, 10), &draft)
	require.Len(t, draft.Articles, 10)
	assert.Equal(t, "第一章 总则", draft.Articles[0].Chapter)
	assert.Equal(t, "第三章 附则", draft.Articles[9].Chapter)
	assert.True(t, strings.Contains(draft.Articles[3].Text, "（二）避开地质灾害隐患点"), draft.Articles[3].Text)
}
