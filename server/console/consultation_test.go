package console_test

import (
	"archive/zip"
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// greening is a short draft: two chapters, three articles.
const greening = `南宁市城市绿化条例（草案）
第一章 总则
第一条 为了加强城市绿化建设，改善生态环境，制定本条例。
第二条 本条例适用于本市城市规划区内的城市绿化活动。
第二章 规划和建设
第三条 新建居住区的绿地率不得低于百分之三十。`

// consultationDesk is Nanning's legislative office in the console, two of
// its stations (民生, a grassroots legislative contact point; 青秀) with
// their own staff, and a county office of Liuzhou. 10:00 in Nanning.
type consultationDesk struct {
	s                   *wired.Service
	office              *wired.Browser
	minsheng, qingxiu   int64
	liuzhou             int64
	minshengStaff       *wired.Browser
	minshengToken       string
	qingxiuStaff        *wired.Browser
	liuzhouStaff        *wired.Browser
	liuzhouStationStaff *wired.Browser
}

func newConsultationDesk(t *testing.T) *consultationDesk {
	t.Helper()
	clk := clock.NewFixed(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC))
	s := wired.New(t, wired.Clock(clk))
	d := &consultationDesk{s: s}
	d.minsheng = s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	d.qingxiu = s.Station(t, "青秀山联络站", testkit.AreaQingxiu)
	d.liuzhou = s.Station(t, "城中区联络站", testkit.AreaChengzh)
	yes := true
	_, err := s.Registry.UpdateStation(t.Context(), wired.Admin, d.minsheng, registry.StationInput{LegislativeContactPoint: &yes})
	require.NoError(t, err)
	d.office, _, _ = s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaNanning})
	d.minshengStaff, d.minshengToken, _ = s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{d.minsheng}})
	d.qingxiuStaff, _, _ = s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{d.qingxiu}})
	d.liuzhouStaff, _, _ = s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaChengzh})
	d.liuzhouStationStaff, _, _ = s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{d.liuzhou}})
	return d
}

// draftForm is the office's form for greening, open for two weeks from tomorrow.
func (d *consultationDesk) draftForm(action string) url.Values {
	return url.Values{
		"title":       {"南宁市城市绿化条例（草案征求意见稿）"},
		"explanation": {"为加强城市绿化管理，起草了本条例草案。"},
		"text":        {greening},
		"opens_at":    {"2026-03-02T09:00"},
		"closes_at":   {"2026-03-16T18:00"},
		"reach":       {"area"},
		"area_code":   {testkit.AreaNanning},
		"action":      {action},
	}
}

var consultationLocation = regexp.MustCompile(`^/console/consultations/(\d+)$`)

// create saves form as a draft and returns its id.
func (d *consultationDesk) create(t *testing.T, form url.Values) int64 {
	t.Helper()
	w := d.office.Post(t, "/console/consultations/new", form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	m := consultationLocation.FindStringSubmatch(w.Header().Get("Location"))
	require.NotNil(t, m, w.Header().Get("Location"))
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// open creates and publishes greening over the whole city, or at stations.
func (d *consultationDesk) open(t *testing.T, stations ...int64) int64 {
	t.Helper()
	f := d.draftForm("save")
	if len(stations) > 0 {
		f.Set("reach", "stations")
		for _, st := range stations {
			f.Add("station_id", itoa(st))
		}
	}
	id := d.create(t, f)
	w := d.office.Post(t, "/console/consultations/"+itoa(id)+"/publish", nil)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	return id
}

func (d *consultationDesk) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, d.s.DB.GetContext(t.Context(), &n, q, args...))
	return n
}

func TestOfficeSplitsADraftChecksItAndPublishesIt(t *testing.T) {
	d := newConsultationDesk(t)

	w := d.office.Get(t, "/console/consultations")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `href="/console/consultations"`, "the menu links to 立法征询")
	assert.Contains(t, w.Body.String(), "新建征求意见稿")

	w = d.office.Get(t, "/console/consultations/new")
	require.Equal(t, http.StatusOK, w.Code)
	form := w.Body.String()
	assert.Contains(t, form, "南宁市", "the city is offered as the area")
	assert.Regexp(t, `民生街道联络站 <span class="badge info">基层立法联系点</span>`, form, "contact points are marked")
	assert.NotRegexp(t, `青秀山联络站 <span class="badge info">基层立法联系点`, form)

	// 预览拆分 shows the articles by chapter and saves nothing.
	w = d.office.Post(t, "/console/consultations/new", d.draftForm("preview"))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	page := w.Body.String()
	assert.Contains(t, page, "预览拆分：共 3 条，2 章")
	assert.Contains(t, page, "第二章 规划和建设")
	assert.Contains(t, page, "新建居住区的绿地率不得低于百分之三十。")
	assert.Contains(t, page, "请注意", "the title line before the first article is warned about")
	assert.Contains(t, page, "南宁市城市绿化条例（草案征求意见稿）", "what was typed stays in the form")
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM consultations"))

	// A text without articles is refused beside the field.
	bad := d.draftForm("save")
	bad.Set("text", "这是一段没有条文的文字")
	w = d.office.Post(t, "/console/consultations/new", bad)
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "没有找到条文")

	f := d.draftForm("save")
	f.Set("reach", "stations")
	f.Add("station_id", itoa(d.minsheng))
	id := d.create(t, f)
	page = d.office.Get(t, "/console/consultations/"+itoa(id)).Body.String()
	assert.Contains(t, page, "已保存为草稿")
	assert.Contains(t, page, "草稿")
	assert.Contains(t, page, "指定的 1 个联络站")
	assert.Contains(t, page, "第三条")
	assert.Contains(t, page, `data-confirm="发布后草案条文不能再修改`, "publishing asks first")

	// The draft's form comes back with its stations ticked.
	form = d.office.Get(t, "/console/consultations/"+itoa(id)+"/edit").Body.String()
	assert.Regexp(t, `value="`+itoa(d.minsheng)+`" checked`, form)

	// A change of the draft: another text, the whole city.
	changed := d.draftForm("save")
	changed.Set("text", greening+"\n第四条 本条例自2027年1月1日起施行。")
	w = d.office.Post(t, "/console/consultations/"+itoa(id)+"/edit", changed)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	page = d.office.Get(t, "/console/consultations/"+itoa(id)).Body.String()
	assert.Contains(t, page, "南宁市全部联络站")
	assert.Contains(t, page, "本条例自2027年1月1日起施行。")
	assert.Contains(t, page, "4 条，2 章")

	w = d.office.Post(t, "/console/consultations/"+itoa(id)+"/publish", nil)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	page = d.office.Get(t, "/console/consultations/"+itoa(id)).Body.String()
	assert.Contains(t, page, "已发布")
	assert.Contains(t, page, "征求意见中")
	assert.Contains(t, page, `data-confirm="结束后不再接收新的意见`, "closing asks first")

	// Once published the text is frozen.
	w = d.office.Get(t, "/console/consultations/"+itoa(id)+"/edit")
	assert.Equal(t, http.StatusConflict, w.Code)

	list := d.office.Get(t, "/console/consultations").Body.String()
	assert.Contains(t, list, "南宁市城市绿化条例（草案征求意见稿）")
	assert.Contains(t, list, "征求意见中")
	assert.Contains(t, list, "2026-03-02 至 2026-03-16")
	assert.Contains(t, list, "南宁市全部联络站")
	two := d.draftForm("save")
	two.Set("reach", "stations")
	two.Add("station_id", itoa(d.minsheng))
	two.Add("station_id", itoa(d.qingxiu))
	d.create(t, two)
	assert.Contains(t, d.office.Get(t, "/console/consultations").Body.String(), "指定的 2 个联络站", "the list says where each is consulted")

	w = d.office.Post(t, "/console/consultations/"+itoa(id)+"/close", nil)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Contains(t, d.office.Get(t, "/console/consultations/"+itoa(id)).Body.String(), "已截止")
}

// docx is a Word file whose body holds the paragraphs.
func docx(t *testing.T, paragraphs ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	f, err := z.Create("[Content_Types].xml")
	require.NoError(t, err)
	_, _ = f.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	f, err = z.Create("word/document.xml")
	require.NoError(t, err)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range paragraphs {
		// Word cuts a paragraph into runs; the heading is one, the text another.
		head, rest, _ := strings.Cut(p, " ")
		b.WriteString(`<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>` + head + `</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">` + rest + `</w:t></w:r></w:p>`)
	}
	b.WriteString(`<w:sectPr/></w:body></w:document>`)
	_, _ = f.Write([]byte(b.String()))
	require.NoError(t, z.Close())
	return buf.Bytes()
}

func TestADraftIsImportedFromAWordFile(t *testing.T) {
	d := newConsultationDesk(t)
	post := func(file []byte) *httptest.ResponseRecorder {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range d.draftForm("import") {
			if k != "text" {
				require.NoError(t, mw.WriteField(k, v[0]))
			}
		}
		fw, err := mw.CreateFormFile("docx", "绿化条例.docx")
		require.NoError(t, err)
		_, _ = fw.Write(file)
		require.NoError(t, mw.Close())
		req := httptest.NewRequest(http.MethodPost, wired.ConsoleOrigin+"/console/consultations/new", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return d.office.Send(t, req, "same-origin")
	}
	w := post(docx(t, "第一章 总则", "第一条 为了加强城市绿化建设，制定本条例。", "第二条 本条例适用于本市城市规划区。"))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	page := w.Body.String()
	assert.Contains(t, page, "预览拆分：共 2 条，1 章")
	assert.Contains(t, page, "本条例适用于本市城市规划区。")
	assert.Contains(t, page, "第一条 为了加强城市绿化建设", "the text field holds the imported text for staff to correct")
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM consultations"), "importing saves nothing")

	w = post([]byte("这不是 Word 文件"))
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "不是 Word（.docx）文件")
}

func TestStationStaffEnterAMeetingsOpinionsArticleByArticle(t *testing.T) {
	d := newConsultationDesk(t)
	id := d.open(t, d.minsheng)

	// The station's staff see the consultation open at their station.
	list := d.minshengStaff.Get(t, "/console/consultations").Body.String()
	assert.Contains(t, list, "南宁市城市绿化条例（草案征求意见稿）")
	assert.Contains(t, list, "/console/consultations/"+itoa(id)+"/opinions/new?station_id="+itoa(d.minsheng))
	assert.NotContains(t, list, "新建征求意见稿", "a station does not run consultations")
	assert.Equal(t, http.StatusNotFound, d.minshengStaff.Get(t, "/console/consultations/new").Code)
	assert.Equal(t, http.StatusNotFound, d.minshengStaff.Get(t, "/console/consultations/"+itoa(id)).Code,
		"the office's page with every station's opinions is the office's")

	// A consultation meeting about it at the station links to the form.
	start := time.Date(2026, 3, 4, 1, 30, 0, 0, time.UTC)
	r := d.s.Do(t, "POST", "/api/v1/admin/activities", d.minshengToken, map[string]any{"station_id": d.minsheng,
		"kind": "legislative_consultation", "consultation_id": id, "title": "绿化条例草案征求意见座谈会",
		"start_at": start, "end_at": start.Add(2 * time.Hour), "venue": "民生街道联络站会议室",
		"invitees": map[string]any{"station_id": d.minsheng}})
	require.Equal(t, http.StatusCreated, r.Code, r.Body.String())
	meeting := regexp.MustCompile(`"id":(\d+)`).FindStringSubmatch(r.Body.String())[1]
	page := d.minshengStaff.Get(t, "/console/activities/"+meeting).Body.String()
	entry := "/console/consultations/" + itoa(id) + "/opinions/new?activity_id=" + meeting
	assert.Contains(t, page, `href="`+entry+`"`)
	assert.Contains(t, page, "登记座谈会意见")

	w := d.minshengStaff.Get(t, entry)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	form := w.Body.String()
	assert.Contains(t, form, "第三条 新建居住区的绿地率", "articles are chosen from a list")
	assert.Regexp(t, `value="`+meeting+`" selected>绿化条例草案征求意见座谈会`, form)
	key := regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`).FindStringSubmatch(form)[1]

	var third string
	require.NoError(t, d.s.DB.GetContext(t.Context(), &third, "SELECT CAST(id AS CHAR) FROM consultation_articles WHERE consultation_id = ? AND number = '第三条'", id))
	said := url.Values{"station_id": {itoa(d.minsheng)}, "activity_id": {meeting}, "article_id": {third},
		"content": {"绿地率百分之三十偏低，建议提高到百分之三十五。"}, "name": {"张师傅"}, "phone": {"13700001234"}, "idempotency_key": {key}}
	w = d.minshengStaff.Post(t, "/console/consultations/"+itoa(id)+"/opinions/new", said)
	require.Equal(t, http.StatusBadRequest, w.Code, "a name and a phone need the person's consent")
	assert.Contains(t, w.Body.String(), "须经本人同意")
	said.Set("consent", "1")
	w = d.minshengStaff.Post(t, "/console/consultations/"+itoa(id)+"/opinions/new", said)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	again := d.minshengStaff.Post(t, "/console/consultations/"+itoa(id)+"/opinions/new", said)
	require.Equal(t, http.StatusSeeOther, again.Code, "a second click of the same form")
	assert.Equal(t, 1, d.count(t, "SELECT COUNT(*) FROM consultation_opinions WHERE consultation_id = ?", id), "stored once")
	next := d.minshengStaff.Get(t, w.Header().Get("Location")).Body.String()
	assert.Contains(t, next, "已登记该条的一条意见")

	// The office reads it under its article, with its source and a masked phone.
	page = d.office.Get(t, "/console/consultations/"+itoa(id)).Body.String()
	assert.Contains(t, page, "绿地率百分之三十偏低")
	assert.Contains(t, page, "座谈会 · 民生街道联络站 · 绿化条例草案征求意见座谈会 · 张师傅 · 137****1234")
	assert.NotContains(t, page, "13700001234")
	assert.Contains(t, page, `href="#a`+third+`"`, "the article's count links to its opinions")
}

func TestConsultationsStayInsideTheirScope(t *testing.T) {
	d := newConsultationDesk(t)
	id := d.open(t, d.minsheng)
	path := "/console/consultations/" + itoa(id)

	// Another city's county office: not found, in every way.
	for _, p := range []string{path, path + "/edit", path + "/opinions/new"} {
		assert.Equal(t, http.StatusNotFound, d.liuzhouStaff.Get(t, p).Code, p)
	}
	assert.Equal(t, http.StatusNotFound, d.liuzhouStaff.Post(t, path+"/close", nil).Code)
	assert.NotContains(t, d.liuzhouStaff.Get(t, "/console/consultations").Body.String(), "城市绿化条例")
	assert.Contains(t, d.office.Get(t, path).Body.String(), "征求意见中", "the close was refused")

	said := url.Values{"content": {"建议增加社区小游园的建设要求。"}}
	// A station of the city the consultation was not sent to cannot enter opinions.
	assert.Equal(t, http.StatusNotFound, d.qingxiuStaff.Get(t, path+"/opinions/new").Code)
	said.Set("station_id", itoa(d.qingxiu))
	w := d.qingxiuStaff.Post(t, path+"/opinions/new", said)
	assert.Equal(t, http.StatusForbidden, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), "不在本次征求意见的范围内")
	// Nor a station of another city, nor staff naming a station that is not theirs.
	said.Set("station_id", itoa(d.liuzhou))
	assert.NotEqual(t, http.StatusSeeOther, d.liuzhouStationStaff.Post(t, path+"/opinions/new", said).Code)
	said.Set("station_id", itoa(d.minsheng))
	assert.Equal(t, http.StatusNotFound, d.qingxiuStaff.Post(t, path+"/opinions/new", said).Code)
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM consultation_opinions"))

	// A cross-site form is refused before anything changes.
	req := httptest.NewRequest(http.MethodPost, wired.ConsoleOrigin+path+"/close", nil)
	assert.Equal(t, http.StatusForbidden, d.office.Send(t, req, "cross-site").Code)
	assert.Contains(t, d.office.Get(t, path).Body.String(), "征求意见中")
}

// say enters an opinion at 民生 as its staff and returns its id.
func (d *consultationDesk) say(t *testing.T, id int64, article, content string) string {
	t.Helper()
	f := url.Values{"station_id": {itoa(d.minsheng)}, "content": {content}}
	if article != "" {
		var aid string
		require.NoError(t, d.s.DB.GetContext(t.Context(), &aid, "SELECT CAST(id AS CHAR) FROM consultation_articles WHERE consultation_id = ? AND number = ?", id, article))
		f.Set("article_id", aid)
	}
	w := d.minshengStaff.Post(t, "/console/consultations/"+itoa(id)+"/opinions/new", f)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	var oid string
	require.NoError(t, d.s.DB.GetContext(t.Context(), &oid, "SELECT CAST(MAX(id) AS CHAR) FROM consultation_opinions WHERE consultation_id = ?", id))
	return oid
}

func TestTheOfficeAnswersEveryOpinionThenFinishesTheReview(t *testing.T) {
	d := newConsultationDesk(t)
	id := d.open(t)
	path := "/console/consultations/" + itoa(id)
	a := d.say(t, id, "第三条", "绿地率百分之三十偏低，建议提高到百分之三十五。")
	b := d.say(t, id, "第三条", "建议把绿地率提高一些，小区里太挤了。")
	c := d.say(t, id, "", "建议条例写明群众可以向谁举报毁绿行为。")

	page := d.office.Get(t, path).Body.String()
	assert.NotContains(t, page, `action="`+path+`/review"`, "no answers while opinions still come in")
	assert.Contains(t, page, "征求意见结束后，可以在这里逐条反馈采纳情况")

	require.Equal(t, http.StatusSeeOther, d.office.Post(t, path+"/close", nil).Code)
	page = d.office.Get(t, path).Body.String()
	assert.Contains(t, page, "还有 <strong>3</strong> 条意见没有反馈")
	assert.Contains(t, page, "对草案整体的意见")
	assert.Contains(t, page, `name="opinion_id" value="`+a+`" form="batch-review"`, "opinions may be ticked to be answered together")
	assert.Equal(t, 3, strings.Count(page, `<form class="review" method="post" action="`+path+`/review">`), "one form per opinion")

	// Not adopted without a reason is refused, and says why.
	w := d.office.Post(t, path+"/review", url.Values{"opinion_id": {c}, "outcome": {"not_adopted"}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请写明理由")
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM consultation_opinions WHERE outcome IS NOT NULL"))

	// The two similar ones together, the third alone.
	w = d.office.Post(t, path+"/review", url.Values{"opinion_id": {a, b}, "outcome": {"partly_adopted"}, "reason": {"绿地率提高到百分之三十三。"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	page = d.office.Get(t, path).Body.String()
	assert.Contains(t, page, "已给 2 条意见统一反馈")
	assert.Equal(t, 2, strings.Count(page, `<span class="badge ok">部分采纳</span> 绿地率提高到百分之三十三。`))
	assert.Contains(t, page, "还有 <strong>1</strong> 条意见没有反馈")
	assert.NotContains(t, page, `action="`+path+`/finish"`, "finishing waits for the last one")
	w = d.office.Post(t, path+"/finish", nil)
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), "还有 1 条意见没有答复")

	w = d.office.Post(t, path+"/review", url.Values{"opinion_id": {c}, "outcome": {"adopted"}, "reason": {"已在第十条写明举报电话。"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	page = d.office.Get(t, path).Body.String()
	assert.Contains(t, page, "所有意见都已反馈")
	assert.Contains(t, page, `data-confirm="完成反馈后，系统会通知每一位提意见的人`)
	// The station's line: 3 opinions, all answered, 1 adopted and 2 partly: 100%.
	assert.Regexp(t, `<td>民生街道联络站</td><td>[^<]*</td><td class="num">3</td><td class="num">3</td><td class="num">1</td><td class="num">2</td><td class="num">0</td><td class="num">0</td><td class="num">100.0%</td>`, page)
	assert.Contains(t, page, "按县区")

	// The export: one row per opinion, with the office's columns.
	w = d.office.Get(t, path+"/export.xlsx")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Header().Get("Content-Disposition"), "xlsx")
	x, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	require.NoError(t, err)
	rows, err := x.GetRows(x.GetSheetName(0))
	require.NoError(t, err)
	all := ""
	for _, r := range rows {
		all += strings.Join(r, "|") + "\n"
	}
	for _, col := range []string{"条款", "意见", "提出者类别", "来源联络站", "采纳情况", "理由"} {
		assert.Contains(t, all, col)
	}
	assert.Contains(t, all, "绿地率提高到百分之三十三。")
	assert.Equal(t, http.StatusNotFound, d.liuzhouStaff.Get(t, path+"/export.xlsx").Code)
	assert.Contains(t, page, `href="`+path+`/export.xlsx"`)

	// Another city's county office cannot answer.
	assert.Equal(t, http.StatusNotFound, d.liuzhouStaff.Post(t, path+"/review", url.Values{"opinion_id": {c}, "outcome": {"not_adopted"}, "reason": {"不采纳"}}).Code)
	assert.Equal(t, http.StatusNotFound, d.liuzhouStaff.Post(t, path+"/finish", nil).Code)

	assert.Equal(t, http.StatusNotFound, d.minshengStaff.Get(t, path+"/report").Code, "nothing to pass on before the review is finished")
	w = d.office.Post(t, path+"/finish", nil)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	page = d.office.Get(t, path).Body.String()
	assert.Contains(t, page, "已完成反馈")
	assert.Contains(t, page, `<span class="badge ok">已反馈</span>`)
	assert.NotContains(t, page, `action="`+path+`/review"`, "answers are frozen once told")
	assert.Equal(t, 1, d.count(t, "SELECT COUNT(*) FROM consultations WHERE status = 'reviewed'"))

	// The three were said at the station without a contact: the station tells
	// them. Its staff find the draft in their list and print the 转告单.
	assert.Contains(t, page, `href="`+path+`/report">转告单（3 条）</a>`)
	list := d.minshengStaff.Get(t, "/console/consultations").Body.String()
	assert.Contains(t, list, "采纳情况待转告")
	assert.Contains(t, list, `<td class="num">3 条</td>`)
	assert.Contains(t, list, `href="`+path+`/report?station_id=`+itoa(d.minsheng)+`"`)
	w = d.minshengStaff.Get(t, path+"/report?station_id="+itoa(d.minsheng))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	report := w.Body.String()
	assert.Contains(t, report, "本站共提出意见 3 条，采纳 1 条、部分采纳 2 条。以下 3 条需要本站转告")
	assert.Contains(t, report, "建议条例写明群众可以向谁举报毁绿行为。")
	assert.Contains(t, report, "<td class=\"nowrap\"><strong>采纳</strong></td>\n        <td>已在第十条写明举报电话。</td>")
	assert.Equal(t, 2, strings.Count(report, "<td>绿地率提高到百分之三十三。</td>"))
	assert.Contains(t, report, "data-print")
	// Another station of the city has nothing of it; another city's, not even the page.
	other := d.qingxiuStaff.Get(t, path+"/report").Body.String()
	assert.NotContains(t, other, "举报毁绿")
	assert.NotContains(t, d.qingxiuStaff.Get(t, "/console/consultations").Body.String(), "采纳情况待转告")
	assert.Equal(t, http.StatusNotFound, d.liuzhouStationStaff.Get(t, path+"/report").Code)
}

// The station's staff make the consultation meeting in the console's own
// activity form: it offers the drafts open at the station, and a meeting
// without one is refused with the reason beside the field.
func TestTheActivityFormMakesAConsultationMeetingOfADraftOpenAtTheStation(t *testing.T) {
	d := newConsultationDesk(t)
	id := d.open(t, d.minsheng)

	form := d.minshengStaff.Get(t, "/console/activities/new?station_id="+itoa(d.minsheng)).Body.String()
	assert.Regexp(t, `<option value="`+itoa(id)+`"\s*>南宁市城市绿化条例（草案征求意见稿）</option>`, form)
	other := d.qingxiuStaff.Get(t, "/console/activities/new?station_id="+itoa(d.qingxiu)).Body.String()
	assert.NotContains(t, other, "南宁市城市绿化条例", "a station the draft does not reach is not offered it")
	assert.Contains(t, other, "本站目前没有正在征求意见的法规草案")

	meeting := url.Values{
		"station_id": {itoa(d.minsheng)}, "kind": {"legislative_consultation"}, "title": {"绿化条例草案征求意见座谈会"},
		"start_at": {"2026-03-05T09:30"}, "end_at": {"2026-03-05T11:30"}, "venue": {"民生街道联络站会议室"},
		"invitees_mode": {"station"}, "consultation_id": {""},
	}
	w := d.minshengStaff.Post(t, "/console/activities", meeting)
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请选择本次座谈会征求意见的法规草案")
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM activities"), "nothing is stored")

	meeting.Set("consultation_id", itoa(id))
	w = d.minshengStaff.Post(t, "/console/activities", meeting)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, 1, d.count(t, "SELECT COUNT(*) FROM activities WHERE kind = 'legislative_consultation' AND consultation_id = ?", id))
	page := d.minshengStaff.Get(t, w.Header().Get("Location")).Body.String()
	assert.Contains(t, page, "登记座谈会意见", "the meeting's page leads to entering its opinions")
}

func TestTheDeputysPageCountsTheirOpinionsOnDrafts(t *testing.T) {
	d := newConsultationDesk(t)
	id := d.open(t)
	dep := d.s.Deputy(t, "李代表", "13900001111", d.minsheng)
	token, _ := d.s.User(t, access.Grant{Role: access.RoleDeputy, DeputyID: dep})
	for _, text := range []string{"整部草案对老城区的绿化考虑不够。", "第三条的绿地率应当分区域规定。"} {
		w := d.s.Do(t, "POST", "/api/v1/consultations/"+itoa(id)+"/opinions", token, map[string]any{"content": text})
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	}
	d.say(t, id, "第一条", "座谈会上的意见，不算这位代表的。")

	page := d.minshengStaff.Get(t, "/console/deputies/"+itoa(dep)+"?year=2026").Body.String()
	assert.Contains(t, page, "对法规草案提出意见 <strong>2</strong> 条")
	page = d.minshengStaff.Get(t, "/console/deputies/"+itoa(dep)+"?year=2025").Body.String()
	assert.Contains(t, page, "对法规草案提出意见 <strong>0</strong> 条", "another year's file")
}

// While a draft is open the office may move its end, and only that; never
// into the past, and nobody outside the office.
func TestTheOfficeExtendsAnOpenConsultation(t *testing.T) {
	d := newConsultationDesk(t)
	id := d.open(t)
	path := "/console/consultations/" + itoa(id)
	page := d.office.Get(t, path).Body.String()
	assert.Contains(t, page, `action="`+path+`/closes-at"`)
	assert.Contains(t, page, `name="closes_at" value="2026-03-16T18:00"`)

	w := d.office.Post(t, path+"/closes-at", url.Values{"closes_at": {"2026-03-02T09:30"}}) // it is 10:00
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "截止时间须晚于现在")
	w = d.office.Post(t, path+"/closes-at", url.Values{"closes_at": {""}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请填写新的截止时间")
	assert.Equal(t, http.StatusNotFound, d.minshengStaff.Post(t, path+"/closes-at", url.Values{"closes_at": {"2026-03-20T18:00"}}).Code)
	assert.Equal(t, http.StatusNotFound, d.liuzhouStaff.Post(t, path+"/closes-at", url.Values{"closes_at": {"2026-03-20T18:00"}}).Code)
	assert.Equal(t, 1, d.count(t, "SELECT COUNT(*) FROM consultations WHERE id = ? AND closes_at = '2026-03-16 10:00:00'", id), "unchanged (UTC)")

	w = d.office.Post(t, path+"/closes-at", url.Values{"closes_at": {"2026-03-31T18:00"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Contains(t, d.office.Get(t, path).Body.String(), "截止时间已改为 2026-03-31 18:00")
	r := d.s.Do(t, "GET", "/api/v1/consultations/"+itoa(id), "", nil)
	require.Equal(t, http.StatusOK, r.Code)
	assert.Contains(t, r.Body.String(), `"closes_at":"2026-03-31T18:00:00+08:00"`, "the public sees the new end")

	require.Equal(t, http.StatusSeeOther, d.office.Post(t, path+"/close", nil).Code)
	assert.NotContains(t, d.office.Get(t, path).Body.String(), `action="`+path+`/closes-at"`, "a closed consultation stays closed")
	assert.Equal(t, http.StatusConflict, d.office.Post(t, path+"/closes-at", url.Values{"closes_at": {"2026-04-30T18:00"}}).Code)
}
