package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// outcomeTemplate is the opinion_outcome subscribe template of these tests.
const outcomeTemplate = "tmpl-outcome"

var withOutcomeTemplate = wired.Configure(func(c *config.Config) {
	c.QuietHours = ""
	c.Templates.OpinionOutcome = outcomeTemplate
	c.Templates.StaffReminder = staffTemplate
})

// staffTemplate is the staff_reminder template of these tests: the station's
// staff granted it, so their report comes as a WeChat card.
const staffTemplate = "tmpl-staff"

type myOpinions struct {
	Items []struct {
		ID                 int64   `json:"id"`
		ConsultationTitle  string  `json:"consultation_title"`
		ConsultationStatus string  `json:"consultation_status"`
		ArticleNumber      *string `json:"article_number"`
		Content            string  `json:"content"`
		Outcome            *string `json:"outcome"`
		Reason             *string `json:"reason"`
	} `json:"items"`
}

type reviewStats struct {
	Status string `json:"status"`
	Total  struct {
		Opinions     int      `json:"opinions"`
		Reviewed     int      `json:"reviewed"`
		AdoptionRate *float64 `json:"adoption_rate"`
	} `json:"total"`
	Stations []struct {
		Station *struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"station"`
		Opinions     int      `json:"opinions"`
		Adopted      int      `json:"adopted"`
		AdoptionRate *float64 `json:"adoption_rate"`
		ToPassOn     []struct {
			Content  string  `json:"content"`
			Outcome  *string `json:"outcome"`
			Reason   *string `json:"reason"`
			Activity *struct {
				Name string `json:"name"`
			} `json:"activity"`
		} `json:"to_pass_on"`
	} `json:"stations"`
	Areas []struct {
		AreaCode     string   `json:"area_code"`
		AreaName     string   `json:"area_name"`
		Opinions     int      `json:"opinions"`
		AdoptionRate *float64 `json:"adoption_rate"`
	} `json:"areas"`
}

// reviewWorld is a consultation with opinions from: a citizen who granted
// the outcome template (two opinions), a citizen who left a phone, a
// walk-in entered by station staff with a phone, and a meeting's opinion
// without any contact.
type reviewWorld struct {
	*consultationWorld
	c                            consultationView
	base                         string
	granted, withPhone           string // citizens' tokens
	grantedOpenID                string
	a1, a2, b1, walkIn, meetingO int64
}

func newReviewWorld(t *testing.T) *reviewWorld {
	w := &reviewWorld{consultationWorld: newConsultationWorld(t, withOutcomeTemplate)}
	s := w.s
	w.c = w.open(t)
	w.base = "/api/v1/admin/consultations/" + itoa(w.c.ID)
	comment := "/api/v1/consultations/" + itoa(w.c.ID) + "/opinions"
	post := func(token, path string, body map[string]any) int64 {
		t.Helper()
		r := opinionRequest(t, s, path, token, "", body)
		require.Equal(t, http.StatusCreated, r.Code, r.Body.String())
		var out struct {
			ID int64 `json:"id"`
		}
		decode(t, r, &out)
		return out.ID
	}
	w.granted, _, w.grantedOpenID = s.SignIn(t)
	r := s.Do(t, "POST", "/api/v1/me/subscriptions", w.granted, map[string]any{"accepted": []string{outcomeTemplate}})
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	w.a1 = post(w.granted, comment, map[string]any{"article_id": w.c.Articles[0].ID, "content": "建议写明绿化的具体目标。", "station_id": w.minsheng})
	w.a2 = post(w.granted, comment, map[string]any{"article_id": w.c.Articles[3].ID, "content": "绿地率应当提高到百分之三十五。"})
	w.withPhone, _, _ = s.SignIn(t)
	w.b1 = post(w.withPhone, comment, map[string]any{"article_id": w.c.Articles[3].ID, "content": "老小区绿地太少，应当补建。", "phone": "13800001111"})
	r = s.Do(t, "POST", "/api/v1/me/subscriptions", w.minshengStaff, map[string]any{"accepted": []string{staffTemplate}})
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	staffPath := w.base + "/opinions"
	w.walkIn = post(w.minshengStaff, staffPath, map[string]any{"content": "整部草案应当多听听老年人的意见。", "station_id": w.minsheng,
		"name": "王阿姨", "phone": "13900002222", "consent": true})

	start := messagesStart.Add(48 * time.Hour)
	r = s.Do(t, "POST", "/api/v1/admin/activities", w.minshengStaff, map[string]any{"station_id": w.minsheng, "kind": "legislative_consultation",
		"consultation_id": w.c.ID, "title": "城市绿化条例草案征求意见座谈会", "start_at": start, "end_at": start.Add(2 * time.Hour),
		"venue": "民生街道联络站会议室", "invitees": map[string]any{"station_id": w.minsheng}})
	require.Equal(t, http.StatusCreated, r.Code, r.Body.String())
	w.meetingO = post(w.minshengStaff, staffPath, map[string]any{"article_id": w.c.Articles[1].ID, "content": "适用范围应当包括乡镇。",
		"station_id": w.minsheng, "activity_id": json.RawMessage(jsonField(t, r, "id"))})
	return w
}

func (w *reviewWorld) review(t *testing.T, token string, oid int64, outcome, reason string) *httptest.ResponseRecorder {
	t.Helper()
	return w.s.Do(t, "POST", w.base+"/opinions/"+itoa(oid)+"/review", token, map[string]any{"outcome": outcome, "reason": reason})
}

func (w *reviewWorld) mine(t *testing.T, token string) myOpinions {
	t.Helper()
	r := w.s.Do(t, "GET", "/api/v1/me/opinions", token, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	var out myOpinions
	decode(t, r, &out)
	return out
}

func TestReviewIsRefusedWhileOpenNeedsAReasonAndOnlyTheOfficeMayReview(t *testing.T) {
	w := newReviewWorld(t)
	s := w.s

	r := w.review(t, w.city, w.a1, "adopted", "")
	require.Equal(t, http.StatusConflict, r.Code, r.Body.String())
	assert.Equal(t, "consultation_not_closed", errorCode(t, r))
	r = s.Do(t, "POST", w.base+"/finish-review", w.city, nil)
	assert.Equal(t, http.StatusConflict, r.Code, "nothing to finish while open")

	require.Equal(t, http.StatusOK, s.Do(t, "POST", w.base+"/close", w.city, nil).Code)
	r = w.review(t, w.city, w.a1, "not_adopted", "  ")
	require.Equal(t, http.StatusBadRequest, r.Code, r.Body.String())
	assert.Contains(t, errorFields(t, r), "reason", "not adopted needs a reason for the person")
	r = w.review(t, w.city, w.a1, "accepted", "")
	require.Equal(t, http.StatusBadRequest, r.Code, r.Body.String())
	assert.Contains(t, errorFields(t, r), "outcome")

	// The station's staff, another city's staff and a citizen do not review.
	assert.Equal(t, http.StatusNotFound, w.review(t, w.minshengStaff, w.a1, "adopted", "").Code)
	assert.Equal(t, http.StatusNotFound, w.review(t, w.liuzStf, w.a1, "adopted", "").Code)
	assert.Equal(t, http.StatusForbidden, w.review(t, w.granted, w.a1, "adopted", "").Code)
	assert.Equal(t, http.StatusNotFound, s.Do(t, "POST", w.base+"/finish-review", w.liuzStf, nil).Code)
	assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", w.base+"/export", w.liuzStf, nil).Code)
	assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", w.base+"/stats", w.liuzStf, nil).Code)

	// An opinion of another consultation is not found, and a batch with one is refused whole.
	other := w.open(t)
	otherOp := opinionRequest(t, s, "/api/v1/consultations/"+itoa(other.ID)+"/opinions", w.granted, "", map[string]any{"content": "另一部草案的意见。"})
	require.Equal(t, http.StatusCreated, otherOp.Code, otherOp.Body.String())
	var oo struct {
		ID int64 `json:"id"`
	}
	decode(t, otherOp, &oo)
	assert.Equal(t, http.StatusNotFound, w.review(t, w.city, oo.ID, "adopted", "").Code)
	r = s.Do(t, "POST", w.base+"/reviews", w.city, map[string]any{"opinion_ids": []int64{w.a1, oo.ID}, "outcome": "adopted"})
	require.Equal(t, http.StatusNotFound, r.Code, r.Body.String())
	assert.Equal(t, "opinion_not_found", errorCode(t, r))
	assert.Equal(t, 0, s.DB.Count(t, "SELECT COUNT(*) FROM consultation_opinions WHERE outcome IS NOT NULL"), "nothing answered")
}

func TestFinishingTheReviewTellsEachPersonTheirOwnOutcomeOnce(t *testing.T) {
	w := newReviewWorld(t)
	s := w.s
	require.Equal(t, http.StatusOK, s.Do(t, "POST", w.base+"/close", w.city, nil).Code)

	r := w.review(t, w.city, w.a1, "adopted", "")
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	assert.Equal(t, `"adopted"`, jsonField(t, r, "outcome"))
	r = w.review(t, w.city, w.a2, "not_adopted", "上位法已规定绿地率下限，本条例不再提高。")
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	// 合并答复: the same suggestion from two people, one answer.
	r = s.Do(t, "POST", w.base+"/reviews", w.city, map[string]any{"opinion_ids": []int64{w.b1, w.walkIn},
		"outcome": "partly_adopted", "reason": "老旧小区补建绿地已写入第四条，老年人意见将在实施中听取。"})
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	var batch struct {
		Items []struct {
			ID      int64  `json:"id"`
			Outcome string `json:"outcome"`
		} `json:"items"`
	}
	decode(t, r, &batch)
	require.Len(t, batch.Items, 2)
	assert.Equal(t, w.b1, batch.Items[0].ID)
	assert.Equal(t, "partly_adopted", batch.Items[1].Outcome)

	// One opinion left: finishing is refused, saying how many.
	r = s.Do(t, "POST", w.base+"/finish-review", w.city, nil)
	require.Equal(t, http.StatusConflict, r.Code, r.Body.String())
	assert.Equal(t, "opinions_not_reviewed", errorCode(t, r))
	assert.Contains(t, errorMessageOf(t, r), "还有 1 条意见没有答复")
	assert.Equal(t, 0, s.DB.Count(t, "SELECT COUNT(*) FROM notifications"), "nobody told before the end")
	// Nor does a person see an answer before the review is finished.
	for _, o := range w.mine(t, w.granted).Items {
		assert.Nil(t, o.Outcome, "not told piecemeal")
		assert.Equal(t, "closed", o.ConsultationStatus)
	}

	r = w.review(t, w.city, w.meetingO, "for_reference", "")
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	// A review may still be changed before the end.
	require.Equal(t, http.StatusOK, w.review(t, w.city, w.a1, "adopted", "").Code)

	r = s.Do(t, "POST", w.base+"/finish-review", w.city, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	assert.Equal(t, `"reviewed"`, jsonField(t, r, "status"))
	subject := "consultation:" + itoa(w.c.ID)
	sent := s.SendPending(t, subject)

	// The citizen with two opinions: one WeChat message saying one of two was adopted.
	var toGranted []string
	for _, m := range s.WeChat.SentSubscribeMessages() {
		if m.ToUser == w.grantedOpenID {
			toGranted = append(toGranted, m.Data["thing2"].Value)
			assert.Equal(t, outcomeTemplate, m.TemplateID)
			assert.Equal(t, "consultation/mine/index", m.Page)
		}
	}
	assert.Equal(t, []string{"共2条意见，采纳1条"}, toGranted)
	// The citizen who left a phone, and the walk-in: one SMS each with their own outcome, no link.
	for _, phone := range []string{"13800001111", "13900002222"} {
		got := s.SMS.Received(phone)
		require.Len(t, got, 1, phone)
		assert.Equal(t, []string{"南宁市城市绿化条例（草案）", "您的意见部分采纳"}, got[0].Params, phone)
	}
	// The meeting's opinion has no way back: the station's staff are told (one notice each),
	// and the card opens the station's 采纳情况转告 in the mini program.
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE kind = 'consultation_station_report' AND station_id = ?", w.minsheng))
	var cards []string
	for _, m := range s.WeChat.SentSubscribeMessages() {
		if m.TemplateID == staffTemplate {
			cards = append(cards, m.Page)
			assert.Equal(t, "1", m.Data["character_string1"].Value, "one opinion to pass on")
		}
	}
	assert.Equal(t, []string{"staff/consultation-report/index?id=" + itoa(w.c.ID) + "&station_id=" + itoa(w.minsheng)}, cards)
	assert.Equal(t, 3, s.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE kind = 'consultation_outcome'"), "one notice per person")
	assert.Equal(t, 4, s.DB.Count(t, "SELECT COUNT(*) FROM consultation_opinions WHERE notified_at IS NOT NULL"), "the reachable opinions are marked told")
	assert.GreaterOrEqual(t, sent, 3)

	// Finishing again sends nothing again.
	rows := s.DB.Count(t, "SELECT COUNT(*) FROM notifications")
	r = s.Do(t, "POST", w.base+"/finish-review", w.city, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	assert.Equal(t, rows, s.DB.Count(t, "SELECT COUNT(*) FROM notifications"))
	assert.Equal(t, 0, s.SendPending(t, subject))
	assert.Len(t, s.SMS.Received("13800001111"), 1)
	// And the answers are frozen.
	r = w.review(t, w.city, w.a2, "adopted", "")
	require.Equal(t, http.StatusConflict, r.Code, r.Body.String())
	assert.Equal(t, "consultation_reviewed", errorCode(t, r))

	// Now the citizen reads their outcomes and reasons.
	mine := w.mine(t, w.granted)
	require.Len(t, mine.Items, 2)
	byArticle := map[string]*string{}
	for _, o := range mine.Items {
		assert.Equal(t, "南宁市城市绿化条例（草案）", o.ConsultationTitle)
		require.NotNil(t, o.Outcome)
		require.NotNil(t, o.ArticleNumber)
		byArticle[*o.ArticleNumber+":"+*o.Outcome] = o.Reason
	}
	require.Contains(t, byArticle, "第四条:not_adopted")
	assert.Equal(t, "上位法已规定绿地率下限，本条例不再提高。", *byArticle["第四条:not_adopted"])
	assert.Contains(t, byArticle, "第一条:adopted")
	assert.Empty(t, w.mine(t, w.liuzStf).Items, "someone else's opinions are not mine")
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/api/v1/me/opinions", "", nil).Code)

	// The station's report keeps the opinion nobody could be told about.
	r = s.Do(t, "GET", w.base+"/stats", w.city, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	var st reviewStats
	decode(t, r, &st)
	assert.Equal(t, 5, st.Total.Opinions)
	assert.Equal(t, 5, st.Total.Reviewed)
	require.NotNil(t, st.Total.AdoptionRate)
	assert.InDelta(t, 0.6, *st.Total.AdoptionRate, 0.0001, "adopted + partly adopted over reviewed: 3 of 5")
	var minsheng, online bool
	for _, row := range st.Stations {
		if row.Station == nil {
			online = true
			assert.Equal(t, 2, row.Opinions, "sent in the mini program without a station")
			continue
		}
		if row.Station.ID == w.minsheng {
			minsheng = true
			assert.Equal(t, 3, row.Opinions)
			require.Len(t, row.ToPassOn, 1)
			assert.Equal(t, "适用范围应当包括乡镇。", row.ToPassOn[0].Content)
			require.NotNil(t, row.ToPassOn[0].Activity)
			require.NotNil(t, row.ToPassOn[0].Outcome)
			assert.Equal(t, "for_reference", *row.ToPassOn[0].Outcome)
		}
	}
	assert.True(t, minsheng && online, "%+v", st.Stations)
	require.Len(t, st.Areas, 1)
	assert.Equal(t, 3, st.Areas[0].Opinions)

	// The station's own staff see their station's row only.
	r = s.Do(t, "GET", w.base+"/stats", w.minshengStaff, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	decode(t, r, &st)
	require.Len(t, st.Stations, 1)
	assert.Equal(t, w.minsheng, st.Stations[0].Station.ID)
	assert.Equal(t, 3, st.Total.Opinions)
}

func TestTheExportListsEveryOpinionByArticleWithItsAnswer(t *testing.T) {
	w := newReviewWorld(t)
	s := w.s
	require.Equal(t, http.StatusOK, s.Do(t, "POST", w.base+"/close", w.city, nil).Code)
	require.Equal(t, http.StatusOK, w.review(t, w.city, w.a2, "not_adopted", "上位法已有规定。").Code)

	r := s.Do(t, "GET", w.base+"/export", w.city, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	assert.Contains(t, r.Header().Get("Content-Disposition"), ".xlsx")
	x, err := excelize.OpenReader(bytes.NewReader(r.Body.Bytes()))
	require.NoError(t, err)
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	require.NoError(t, err)
	require.Len(t, rows, 6, "the header and one row per opinion")
	assert.Equal(t, []string{"条款", "意见", "提出者类别", "来源联络站", "采纳情况", "理由"}, rows[0])
	var articles []string
	for _, row := range rows[1:] {
		articles = append(articles, row[0])
	}
	assert.Equal(t, []string{"总体意见", "第一条", "第二条", "第四条", "第四条"}, articles, "ordered by article, the whole draft first")
	assert.Equal(t, []string{"总体意见", "整部草案应当多听听老年人的意见。", "群众", "民生街道联络站", "未答复"}, rows[1][:5])
	assert.Equal(t, "座谈会", rows[3][2])
	assert.Equal(t, "小程序直接提交", rows[4][3])
	assert.Equal(t, []string{"未采纳", "上位法已有规定。"}, rows[4][4:6])
	for _, row := range rows {
		for _, cell := range row {
			assert.NotContains(t, cell, "13900002222", "no phone in the export")
			assert.NotContains(t, cell, "王阿姨", "no name in the export")
		}
	}
	assert.Equal(t, http.StatusForbidden, s.Do(t, "GET", w.base+"/export", w.granted, nil).Code)
}

func errorMessageOf(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	var body struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	decode(t, w, &body)
	return body.Error.Message
}

func TestADeputysOpinionsCountInTheirPerformanceFile(t *testing.T) {
	w := newConsultationWorld(t)
	s := w.s
	c := w.open(t)
	deputyID := s.Deputy(t, "李代表", "13900001111", w.minsheng)
	deputy := userToken(t, s, access.Grant{Role: access.RoleDeputy, DeputyID: deputyID})
	path := "/api/v1/consultations/" + itoa(c.ID) + "/opinions"
	for _, text := range []string{"整部草案对老城区的绿化考虑不够。", "第四条的绿地率应当分区域规定。"} {
		r := opinionRequest(t, s, path, deputy, "", map[string]any{"content": text})
		require.Equal(t, http.StatusCreated, r.Code, r.Body.String())
	}
	citizen, _, _ := s.SignIn(t)
	r := opinionRequest(t, s, path, citizen, "", map[string]any{"content": "一位群众的意见，不算代表的。"})
	require.Equal(t, http.StatusCreated, r.Code, r.Body.String())

	year := itoa(int64(messagesStart.Year()))
	r = s.Do(t, "GET", "/api/v1/me/record?year="+year, deputy, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	assert.Equal(t, "2", jsonField(t, r, "legislative_opinions"))
	r = s.Do(t, "GET", "/api/v1/me/record?year="+itoa(int64(messagesStart.Year()-1)), deputy, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	assert.Equal(t, "0", jsonField(t, r, "legislative_opinions"), "another year's file")

	r = s.Do(t, "GET", "/api/v1/admin/deputies/"+itoa(deputyID)+"/record?format=xlsx&year="+year, w.minshengStaff, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	x, err := excelize.OpenReader(bytes.NewReader(r.Body.Bytes()))
	require.NoError(t, err)
	defer x.Close()
	rows, err := x.GetRows("履职档案")
	require.NoError(t, err)
	assert.Equal(t, []string{"立法征询意见", "2"}, rows[len(rows)-1])
}
