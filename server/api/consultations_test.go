package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// greeningDraft is a short draft regulation: a title line, three chapters
// (the last 附则), an article with items.
const greeningDraft = `南宁市城市绿化条例（草案）
第一章 总则
第一条 为了促进城市绿化，改善生态环境，制定本条例。
第二条 本条例适用于本市城市规划区。
第二章 规划和建设
第三条 城市绿化规划应当符合下列要求：
（一）与国土空间规划相衔接；
（二）方便群众游憩。
第四条 新建居住区的绿地率不得低于百分之三十。
第三章 附 则
第五条 本条例自公布之日起施行。`

type consultationView struct {
	ID       int64    `json:"id"`
	Status   string   `json:"status"`
	AreaCode string   `json:"area_code"`
	Chapters []string `json:"chapters"`
	Opinions int      `json:"opinions"`
	Warnings []string `json:"warnings"`
	Articles []struct {
		ID       int64  `json:"id"`
		Number   string `json:"number"`
		Chapter  string `json:"chapter"`
		Text     string `json:"text"`
		Opinions int    `json:"opinions"`
	} `json:"articles"`
}

type consultationWorld struct {
	s                      *wired.Service
	clock                  *clock.Fixed
	city                   string // Nanning's staff
	minsheng, liuzhou      int64  // stations in Nanning and in Liuzhou
	minshengStaff, liuzStf string
}

func newConsultationWorld(t *testing.T, opts ...wired.Option) *consultationWorld {
	c := clock.NewFixed(messagesStart)
	s := wired.New(t, append([]wired.Option{wired.Clock(c)}, opts...)...)
	w := &consultationWorld{s: s, clock: c}
	w.minsheng = s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	w.liuzhou = s.Station(t, "城中区联络站", testkit.AreaChengzh)
	w.city = userToken(t, s, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaNanning})
	w.minshengStaff = userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{w.minsheng}})
	w.liuzStf = userToken(t, s, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaChengzh})
	return w
}

// draft creates, as Nanning's staff, a consultation of greeningDraft over
// the city, open for two weeks from now.
func (w *consultationWorld) draft(t *testing.T) consultationView {
	t.Helper()
	r := w.s.Do(t, "POST", "/api/v1/admin/consultations", w.city, map[string]any{
		"title": "南宁市城市绿化条例（草案）", "explanation": "为加强城市绿化管理，起草了本条例草案。", "text": greeningDraft,
		"opens_at": messagesStart, "closes_at": messagesStart.Add(14 * 24 * time.Hour), "area_code": testkit.AreaNanning})
	require.Equal(t, http.StatusCreated, r.Code, r.Body.String())
	var c consultationView
	decode(t, r, &c)
	return c
}

func (w *consultationWorld) open(t *testing.T) consultationView {
	t.Helper()
	c := w.draft(t)
	r := w.s.Do(t, "POST", "/api/v1/admin/consultations/"+itoa(c.ID)+"/publish", w.city, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	decode(t, r, &c)
	return c
}

func opinionRequest(t *testing.T, s *wired.Service, path, token, key string, body map[string]any) *httptest.ResponseRecorder {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	req := httptest.NewRequest("POST", path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return s.Serve(t, req)
}

func TestConsultationIsSplitCheckedPublishedAndFrozen(t *testing.T) {
	w := newConsultationWorld(t)
	s := w.s
	c := w.draft(t)
	assert.Equal(t, "draft", c.Status)
	assert.Equal(t, []string{"第一章 总则", "第二章 规划和建设", "第三章 附则"}, c.Chapters)
	require.Len(t, c.Articles, 5)
	assert.Equal(t, "第三条", c.Articles[2].Number)
	assert.Equal(t, "城市绿化规划应当符合下列要求：\n（一）与国土空间规划相衔接；\n（二）方便群众游憩。", c.Articles[2].Text)
	assert.Equal(t, "第三章 附则", c.Articles[4].Chapter)
	assert.Len(t, c.Warnings, 1, "the title line is reported: %v", c.Warnings)

	// Nobody outside sees a draft.
	assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/consultations/"+itoa(c.ID), "", nil).Code)

	// Staff fix the draft: it is split again.
	r := s.Do(t, "PATCH", "/api/v1/admin/consultations/"+itoa(c.ID), w.city, map[string]any{"text": greeningDraft + "\n第六条 本条例由市人民政府负责解释。"})
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	decode(t, r, &c)
	require.Len(t, c.Articles, 6)
	assert.Equal(t, "第六条", c.Articles[5].Number)

	r = s.Do(t, "POST", "/api/v1/admin/consultations/"+itoa(c.ID)+"/publish", w.city, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	decode(t, r, &c)
	assert.Equal(t, "open", c.Status)

	r = s.Do(t, "PATCH", "/api/v1/admin/consultations/"+itoa(c.ID), w.city, map[string]any{"text": greeningDraft})
	require.Equal(t, http.StatusConflict, r.Code, r.Body.String())
	assert.Equal(t, "consultation_not_draft", errorCode(t, r))
	// The closing date may still move.
	r = s.Do(t, "PATCH", "/api/v1/admin/consultations/"+itoa(c.ID), w.city, map[string]any{"closes_at": messagesStart.Add(20 * 24 * time.Hour)})
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())

	// Anyone reads it by article; it is listed at a Nanning station, not at a Liuzhou one.
	r = s.Do(t, "GET", "/api/v1/consultations/"+itoa(c.ID), "", nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	var pub consultationView
	decode(t, r, &pub)
	require.Len(t, pub.Articles, 6)
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	r = s.Do(t, "GET", "/api/v1/consultations?station_id="+itoa(w.minsheng), "", nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	decode(t, r, &list)
	require.Len(t, list.Items, 1)
	assert.Equal(t, c.ID, list.Items[0].ID)
	r = s.Do(t, "GET", "/api/v1/consultations?station_id="+itoa(w.liuzhou), "", nil)
	decode(t, r, &list)
	assert.Empty(t, list.Items)

	// The staff's list has it.
	r = s.Do(t, "GET", "/api/v1/admin/consultations?status=open", w.city, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	decode(t, r, &list)
	require.Len(t, list.Items, 1)
}

func TestConsultationOpinionsFromCitizensAndDeputiesAreCountedAndClosedAfterwards(t *testing.T) {
	w := newConsultationWorld(t)
	s := w.s
	c := w.open(t)
	path := "/api/v1/consultations/" + itoa(c.ID) + "/opinions"
	citizen, _, _ := s.SignIn(t)
	deputyID := s.Deputy(t, "李代表", "13900001111", w.minsheng)
	deputy := userToken(t, s, access.Grant{Role: access.RoleDeputy, DeputyID: deputyID})

	r := opinionRequest(t, s, path, citizen, "", map[string]any{"article_id": c.Articles[2].ID, "content": "建议增加社区口袋公园的要求。",
		"name": "王阿姨", "phone": "13812345678", "station_id": w.minsheng})
	require.Equal(t, http.StatusCreated, r.Code, r.Body.String())
	assert.Equal(t, `"public"`, jsonField(t, r, "author_kind"))
	r = opinionRequest(t, s, path, deputy, "", map[string]any{"article_id": nil, "content": "整部草案对老城区的绿化考虑不够。"})
	require.Equal(t, http.StatusCreated, r.Code, r.Body.String())
	assert.Equal(t, `"deputy"`, jsonField(t, r, "author_kind"))

	// Too short, as for messages; an article of another consultation; a station it does not reach.
	r = opinionRequest(t, s, path, citizen, "", map[string]any{"content": "好"})
	require.Equal(t, http.StatusBadRequest, r.Code)
	assert.Contains(t, errorFields(t, r), "content")
	r = opinionRequest(t, s, path, citizen, "", map[string]any{"article_id": 999999, "content": "这一条写得不清楚。"})
	assert.Equal(t, http.StatusNotFound, r.Code, r.Body.String())
	r = opinionRequest(t, s, path, citizen, "", map[string]any{"content": "这一条写得不清楚。", "station_id": w.liuzhou})
	require.Equal(t, http.StatusForbidden, r.Code, r.Body.String())
	assert.Equal(t, "station_not_consulted", errorCode(t, r))

	// The public reading counts them by article, never shows them.
	r = s.Do(t, "GET", "/api/v1/consultations/"+itoa(c.ID), "", nil)
	var pub consultationView
	decode(t, r, &pub)
	assert.Equal(t, 1, pub.Articles[2].Opinions)
	assert.Equal(t, 0, pub.Articles[0].Opinions)

	// Staff see them with their source, the phone masked and stored sealed.
	var ops struct {
		Items []struct {
			AuthorKind    string  `json:"author_kind"`
			ArticleNumber *string `json:"article_number"`
			Phone         *string `json:"phone"`
			DeputyName    *string `json:"deputy_name"`
			Station       *struct {
				Name string `json:"name"`
			} `json:"station"`
			Outcome *string `json:"outcome"`
		} `json:"items"`
	}
	r = s.Do(t, "GET", "/api/v1/admin/consultations/"+itoa(c.ID)+"/opinions", w.city, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	decode(t, r, &ops)
	require.Len(t, ops.Items, 2)
	assert.Equal(t, "deputy", ops.Items[0].AuthorKind)
	assert.Equal(t, "李代表", *ops.Items[0].DeputyName)
	assert.Nil(t, ops.Items[0].ArticleNumber, "on the whole draft")
	assert.Equal(t, "138****5678", *ops.Items[1].Phone)
	assert.Equal(t, "民生街道联络站", ops.Items[1].Station.Name)
	assert.Equal(t, "第三条", *ops.Items[1].ArticleNumber)
	assert.Nil(t, ops.Items[1].Outcome, "not reviewed yet")
	assert.NotContains(t, r.Body.String(), "13812345678")
	var sealed int
	require.NoError(t, s.DB.GetContext(t.Context(), &sealed, `SELECT COUNT(*) FROM consultation_opinions WHERE phone_enc IS NOT NULL AND phone_enc NOT LIKE '%13812345678%'`))
	assert.Equal(t, 1, sealed)
	r = s.Do(t, "GET", "/api/v1/admin/consultations/"+itoa(c.ID)+"/opinions?article_id="+itoa(c.Articles[2].ID), w.city, nil)
	decode(t, r, &ops)
	assert.Len(t, ops.Items, 1)

	// Closed by staff: no more opinions.
	r = s.Do(t, "POST", "/api/v1/admin/consultations/"+itoa(c.ID)+"/close", w.city, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	r = opinionRequest(t, s, path, citizen, "", map[string]any{"content": "截止以后还能提意见吗？"})
	require.Equal(t, http.StatusConflict, r.Code, r.Body.String())
	assert.Equal(t, "consultation_closed", errorCode(t, r))
}

func TestConsultationClosesByItselfAtClosesAt(t *testing.T) {
	w := newConsultationWorld(t)
	c := w.open(t)
	citizen, _, _ := w.s.SignIn(t)
	w.clock.Advance(15 * 24 * time.Hour)
	r := opinionRequest(t, w.s, "/api/v1/consultations/"+itoa(c.ID)+"/opinions", citizen, "", map[string]any{"content": "时间过了还能提意见吗？"})
	require.Equal(t, http.StatusConflict, r.Code, r.Body.String())
	assert.Equal(t, "consultation_closed", errorCode(t, r))
	r = w.s.Do(t, "GET", "/api/v1/consultations/"+itoa(c.ID), "", nil)
	assert.Equal(t, `"closed"`, jsonField(t, r, "status"))
	r = w.s.Do(t, "GET", "/api/v1/consultations?station_id="+itoa(w.minsheng), "", nil)
	assert.JSONEq(t, `{"items":[]}`, r.Body.String())
}

func TestConsultationScope(t *testing.T) {
	w := newConsultationWorld(t)
	s := w.s
	c := w.open(t)
	county := userToken(t, s, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})
	for _, token := range []string{county, w.liuzStf, w.minshengStaff} {
		assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/admin/consultations/"+itoa(c.ID), token, nil).Code,
			"only the city's office opens its consultation")
		assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/admin/consultations/"+itoa(c.ID)+"/opinions", token, nil).Code)
		assert.Equal(t, http.StatusNotFound, s.Do(t, "POST", "/api/v1/admin/consultations/"+itoa(c.ID)+"/close", token, nil).Code)
	}
	r := s.Do(t, "GET", "/api/v1/admin/consultations", w.liuzStf, nil)
	assert.JSONEq(t, `{"items":[],"next_cursor":""}`, r.Body.String())
	citizen, _, _ := s.SignIn(t)
	assert.Equal(t, http.StatusForbidden, s.Do(t, "GET", "/api/v1/admin/consultations/"+itoa(c.ID), citizen, nil).Code)

	body := map[string]any{"title": "条例（草案）", "text": greeningDraft, "opens_at": messagesStart, "closes_at": messagesStart.Add(24 * time.Hour)}
	// A county's staff may not run the city's consultation, nor one of their county.
	body["area_code"] = testkit.AreaNanning
	r = s.Do(t, "POST", "/api/v1/admin/consultations", county, body)
	require.Equal(t, http.StatusForbidden, r.Code, r.Body.String())
	assert.Equal(t, "area_out_of_scope", errorCode(t, r))
	body["area_code"] = testkit.AreaXingning
	r = s.Do(t, "POST", "/api/v1/admin/consultations", county, body)
	require.Equal(t, http.StatusBadRequest, r.Code, r.Body.String())
	assert.Contains(t, errorFields(t, r), "area_code")
	// Liuzhou's station cannot be chosen by Nanning's office.
	delete(body, "area_code")
	body["station_ids"] = []int64{w.minsheng, w.liuzhou}
	r = s.Do(t, "POST", "/api/v1/admin/consultations", w.city, body)
	require.Equal(t, http.StatusBadRequest, r.Code, r.Body.String())
	assert.Contains(t, errorFields(t, r), "station_ids")
	// No articles found.
	body["station_ids"] = []int64{w.minsheng}
	body["text"] = "这是一段没有分条的说明。"
	r = s.Do(t, "POST", "/api/v1/admin/consultations", w.city, body)
	require.Equal(t, http.StatusBadRequest, r.Code, r.Body.String())
	assert.Contains(t, errorFields(t, r), "text")

	// Staff of a station outside cannot add opinions to it; staff cannot use a station not theirs.
	path := "/api/v1/admin/consultations/" + itoa(c.ID) + "/opinions"
	r = opinionRequest(t, s, path, w.liuzStf, "", map[string]any{"content": "我们这里的群众也有意见。", "station_id": w.liuzhou})
	require.Equal(t, http.StatusForbidden, r.Code, r.Body.String())
	assert.Equal(t, "station_not_consulted", errorCode(t, r))
	r = opinionRequest(t, s, path, w.liuzStf, "", map[string]any{"content": "我们这里的群众也有意见。", "station_id": w.minsheng})
	assert.Equal(t, http.StatusNotFound, r.Code, r.Body.String())
	r = opinionRequest(t, s, path, citizen, "", map[string]any{"content": "我们这里的群众也有意见。", "station_id": w.minsheng})
	assert.Equal(t, http.StatusForbidden, r.Code, r.Body.String())
}

func TestMeetingOpinionsAreAttributedToTheStationAndTheMeeting(t *testing.T) {
	w := newConsultationWorld(t)
	s := w.s
	c := w.open(t)
	start := messagesStart.Add(48 * time.Hour)
	meeting := map[string]any{"station_id": w.minsheng, "kind": "legislative_consultation", "consultation_id": c.ID,
		"title": "城市绿化条例草案征求意见座谈会", "start_at": start, "end_at": start.Add(2 * time.Hour), "venue": "民生街道联络站会议室",
		"invitees": map[string]any{"station_id": w.minsheng}}
	r := s.Do(t, "POST", "/api/v1/admin/activities", w.minshengStaff, meeting)
	require.Equal(t, http.StatusCreated, r.Code, r.Body.String())
	activityID := jsonField(t, r, "id")
	assert.Equal(t, itoa(c.ID), jsonField(t, r, "consultation_id"))

	// A meeting at a station the consultation does not reach is refused, as one without a consultation.
	other := map[string]any{}
	for k, v := range meeting {
		other[k] = v
	}
	other["station_id"], other["invitees"] = w.liuzhou, map[string]any{"station_id": w.liuzhou}
	r = s.Do(t, "POST", "/api/v1/admin/activities", w.liuzStf, other)
	require.Equal(t, http.StatusBadRequest, r.Code, r.Body.String())
	assert.Contains(t, errorFields(t, r), "consultation_id")
	delete(meeting, "consultation_id")
	r = s.Do(t, "POST", "/api/v1/admin/activities", w.minshengStaff, meeting)
	require.Equal(t, http.StatusBadRequest, r.Code, r.Body.String())
	assert.Contains(t, errorFields(t, r), "consultation_id")

	path := "/api/v1/admin/consultations/" + itoa(c.ID) + "/opinions"
	said := map[string]any{"article_id": c.Articles[3].ID, "content": "绿地率百分之三十偏低，建议提高到百分之三十五。", "station_id": w.minsheng,
		"activity_id": json.RawMessage(activityID), "name": "张师傅", "phone": "13700001234"}
	r = opinionRequest(t, s, path, w.minshengStaff, "", said)
	require.Equal(t, http.StatusBadRequest, r.Code, "a name and phone need the person's consent")
	assert.Contains(t, errorFields(t, r), "consent")
	said["consent"] = true
	r = opinionRequest(t, s, path, w.minshengStaff, "meeting-op-0001", said)
	require.Equal(t, http.StatusCreated, r.Code, r.Body.String())
	assert.Equal(t, `"meeting"`, jsonField(t, r, "author_kind"))
	again := opinionRequest(t, s, path, w.minshengStaff, "meeting-op-0001", said)
	require.Equal(t, http.StatusCreated, again.Code, again.Body.String())
	assert.JSONEq(t, r.Body.String(), again.Body.String(), "the same key answers the first opinion")

	var ops struct {
		Items []struct {
			AuthorKind string `json:"author_kind"`
			Name       string `json:"name"`
			Station    struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"station"`
			Activity struct {
				Name string `json:"name"`
			} `json:"activity"`
		} `json:"items"`
	}
	r = s.Do(t, "GET", path, w.city, nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	decode(t, r, &ops)
	require.Len(t, ops.Items, 1, "the repeat stored nothing")
	assert.Equal(t, "meeting", ops.Items[0].AuthorKind)
	assert.Equal(t, w.minsheng, ops.Items[0].Station.ID)
	assert.Equal(t, "城市绿化条例草案征求意见座谈会", ops.Items[0].Activity.Name)
	assert.Equal(t, "张师傅", ops.Items[0].Name)
}

func TestSameIdempotencyKeyAnswersTheFirstOpinion(t *testing.T) {
	w := newConsultationWorld(t)
	c := w.open(t)
	path := "/api/v1/consultations/" + itoa(c.ID) + "/opinions"
	token, user, _ := w.s.SignIn(t)
	body := map[string]any{"article_id": c.Articles[0].ID, "content": "第一条应当写明保护古树名木。"}
	first := opinionRequest(t, w.s, path, token, "opinion-Key_01", body)
	require.Equal(t, http.StatusCreated, first.Code, first.Body.String())
	again := opinionRequest(t, w.s, path, token, "opinion-Key_01", body)
	require.Equal(t, http.StatusCreated, again.Code, again.Body.String())
	assert.JSONEq(t, first.Body.String(), again.Body.String())
	var n int
	require.NoError(t, w.s.DB.GetContext(t.Context(), &n, `SELECT COUNT(*) FROM consultation_opinions WHERE user_id = ?`, user))
	assert.Equal(t, 1, n)
	bad := opinionRequest(t, w.s, path, token, "bad key!", body)
	require.Equal(t, http.StatusBadRequest, bad.Code)
	assert.Contains(t, errorFields(t, bad), "idempotency_key")
}

func TestOpinionsPassTheContentCheckAsMessagesDo(t *testing.T) {
	w := newConsultationWorld(t)
	c := w.open(t)
	path := "/api/v1/consultations/" + itoa(c.ID) + "/opinions"
	token, _, _ := w.s.SignIn(t)
	w.s.WeChat.SetVerdict("违禁", "risky")
	w.s.WeChat.SetVerdict("可疑", "review")
	r := opinionRequest(t, w.s, path, token, "", map[string]any{"content": "这里有违禁的内容。"})
	require.Equal(t, http.StatusBadRequest, r.Code, r.Body.String())
	assert.Equal(t, "content_risky", errorCode(t, r))
	r = opinionRequest(t, w.s, path, token, "", map[string]any{"content": "这里有可疑的内容。"})
	require.Equal(t, http.StatusCreated, r.Code, r.Body.String())
	assert.Equal(t, `"review"`, jsonField(t, r, "review"), "kept, flagged for staff")
	var n int
	require.NoError(t, w.s.DB.GetContext(t.Context(), &n, `SELECT COUNT(*) FROM consultation_opinions`))
	assert.Equal(t, 1, n, "the risky one was not stored")
}

// Opinions are held to the message intake's rate limits (10 an hour a user
// in configs/messages.yaml), counted apart from messages.
func TestOpinionsAreHeldToTheIntakeRateLimits(t *testing.T) {
	w := newConsultationWorld(t)
	s := w.s
	c := w.open(t)
	path := "/api/v1/consultations/" + itoa(c.ID) + "/opinions"
	citizen, _, _ := s.SignIn(t)
	for i := range 10 {
		r := opinionRequest(t, s, path, citizen, "", map[string]any{"content": fmt.Sprintf("第%d条意见：绿地应当向附近居民开放。", i+1)})
		require.Equal(t, http.StatusCreated, r.Code, r.Body.String())
	}
	r := opinionRequest(t, s, path, citizen, "", map[string]any{"content": "第十一条意见，一小时内太多了。"})
	require.Equal(t, http.StatusTooManyRequests, r.Code, r.Body.String())
	assert.Equal(t, "too_many_opinions", errorCode(t, r))
	assert.NotEmpty(t, r.Header().Get("Retry-After"))
	var stored int
	require.NoError(t, s.DB.GetContext(t.Context(), &stored, "SELECT COUNT(*) FROM consultation_opinions WHERE consultation_id = ?", c.ID))
	assert.Equal(t, 10, stored, "the refused opinion is not stored")

	other, _, _ := s.SignIn(t)
	r = opinionRequest(t, s, path, other, "", map[string]any{"content": "另一个人的意见照常收下。"})
	assert.Equal(t, http.StatusCreated, r.Code, r.Body.String())
	submitMessage(t, s, citizen, w.minsheng, validMessage()) // a message is counted apart
}

// Two requests with the same Idempotency-Key at once (a double tap on a slow
// line) store one opinion, for a citizen and for staff entering a meeting's.
func TestSameIdempotencyKeyAtOnceStoresOneOpinion(t *testing.T) {
	w := newConsultationWorld(t)
	c := w.open(t)
	citizen, user, _ := w.s.SignIn(t)
	for _, tc := range []struct {
		name, path, token, col string
		by                     int64
		body                   map[string]any
	}{
		{"a citizen", "/api/v1/consultations/" + itoa(c.ID) + "/opinions", citizen, "user_id", user,
			map[string]any{"content": "第一条应当写明保护古树名木。"}},
		{"staff entering a meeting's", "/api/v1/admin/consultations/" + itoa(c.ID) + "/opinions", w.minshengStaff, "entered_by", w.s.As(t, w.minshengStaff).UserID,
			map[string]any{"content": "座谈会上大家认为应当多种本地树种。", "station_id": w.minsheng}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			answers := make([]*httptest.ResponseRecorder, 2)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range answers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					answers[i] = opinionRequest(t, w.s, tc.path, tc.token, "same-key-at-once", tc.body)
				}()
			}
			close(start)
			wg.Wait()
			for _, a := range answers {
				require.Equal(t, http.StatusCreated, a.Code, a.Body.String())
			}
			assert.JSONEq(t, answers[0].Body.String(), answers[1].Body.String())
			var n int
			require.NoError(t, w.s.DB.GetContext(t.Context(), &n, "SELECT COUNT(*) FROM consultation_opinions WHERE "+tc.col+" = ?", tc.by))
			assert.Equal(t, 1, n)
		})
	}
}
