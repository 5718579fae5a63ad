//go:build preview

package console_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/consultations"
	"github.com/liaison-stations/liaison/server/devmode"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// previewDraft is a draft as staff paste it: a title line, chapters, and
// an article quoting another.
const previewDraft = `南宁市城市绿化条例（草案征求意见稿）
第一章 总则
第一条 为了加强城市绿化建设，改善生态环境和人居环境，根据有关法律、法规，结合本市实际，制定本条例。
第二条 本条例适用于本市城市规划区内的城市绿化规划、建设、保护和管理活动。
第三条 市、县（区）人民政府应当将城市绿化纳入国民经济和社会发展规划。
第二章 规划和建设
第四条 新建居住区的绿地率不得低于百分之三十；旧城改造区不得低于百分之二十五。
第五条 城市绿化工程的设计，应当优先选用适合本地生长的树种，按照第四条规定的比例配置。
第三章 保护和管理
第六条 任何单位和个人不得擅自砍伐、移植城市树木。
第七条 违反本条例第六条规定的，由城市绿化主管部门责令改正，并按照下列规定处罚：
（一）砍伐树木的，每株处五千元以上一万元以下罚款；
（二）移植树木的，每株处二千元以上五千元以下罚款。`

func init() {
	previews = append(previews,
		preview{Name: "consultations", Path: func(*devmode.Demo) string { return "/console/consultations" }},
		preview{Name: "consultation-split", Path: func(*devmode.Demo) string { return "/console/consultations/new" },
			Wait: "#split",
			Do: []chromedp.Action[chromedp.Void]{
				chromedp.SetValue(chromedp.CSS(`input[name=title]`), "南宁市城市绿化条例（草案征求意见稿）"),
				chromedp.SetValue(chromedp.CSS(`textarea[name=text]`), previewDraft),
				chromedp.SetValue(chromedp.CSS(`input[name=opens_at]`), "2026-12-08T09:00"),
				chromedp.SetValue(chromedp.CSS(`input[name=closes_at]`), "2027-01-08T18:00"),
				chromedp.Click(chromedp.CSS(`button[value=preview]`)),
			}},
		preview{Name: "consultation-review", Prepare: reviewingConsultation},
		preview{Name: "consultation-report", Prepare: reviewedConsultation},
		preview{Name: "consultation-meeting", Prepare: func(t *testing.T, s *wired.Service, d *devmode.Demo) string {
			return "/console/consultations/" + itoa(demoConsultation(t, s)) + "/opinions/new"
		}},
		preview{Name: "consultation-open", Prepare: func(t *testing.T, s *wired.Service, d *devmode.Demo) string {
			return "/console/consultations/" + itoa(demoConsultation(t, s))
		}},
	)
}

// reviewingConsultation is a consultation of the demo's city, closed with
// opinions from the demo station, some answered: the office's review page.
func reviewingConsultation(t *testing.T, s *wired.Service, d *devmode.Demo) string {
	ctx := t.Context()
	city := d.Station.AreaCode[:4] + "00"
	opens, closes := time.Now().Add(-time.Hour), time.Now().Add(14*24*time.Hour)
	title, expl, text := "南宁市城市绿化条例（草案征求意见稿）", "为加强城市绿化管理，市人大常委会法制工作委员会起草了本条例草案。", previewDraft
	c, err := s.Consultations.Create(ctx, wired.Admin, consultations.Input{Title: &title, Explanation: &expl, Text: &text,
		OpensAt: &opens, ClosesAt: &closes, AreaCode: &city})
	require.NoError(t, err)
	_, err = s.Consultations.Publish(ctx, wired.Admin, c.ID)
	require.NoError(t, err)
	staff := &access.Principal{Grants: []access.Grant{{Role: access.RoleStaff, StationIDs: []int64{d.Station.ID}}}}
	say := func(article int, content, name, phone string) int64 {
		in := consultations.OpinionInput{Content: content, StationID: &d.Station.ID, Name: name, Phone: phone, Consent: name != "" || phone != ""}
		if article > 0 {
			in.ArticleID = &c.Articles[article-1].ID
		}
		o, err := s.Consultations.RecordMeeting(ctx, staff, c.ID, in)
		require.NoError(t, err)
		return o.ID
	}
	a := say(4, "绿地率百分之三十偏低，新小区越建越密，建议提高到百分之三十五。", "张师傅", "13700001234")
	b := say(4, "建议把绿地率提高一些，小区里老人孩子活动的地方太少。", "", "")
	say(7, "罚款标准偏低，一棵大树几十年才长成，建议按树龄加重处罚。", "李阿姨", "")
	say(0, "建议条例写明群众发现毁绿行为可以向哪个部门举报、多久答复。", "", "13900005678")
	_, err = s.Consultations.Close(ctx, wired.Admin, c.ID)
	require.NoError(t, err)
	_, err = s.Consultations.ReviewMany(ctx, wired.Admin, c.ID, []int64{a, b}, consultations.ReviewInput{
		Outcome: consultations.OutcomePartlyAdopted, Reason: "新建居住区绿地率提高到百分之三十三，兼顾土地利用。"})
	require.NoError(t, err)
	return "/console/consultations/" + itoa(c.ID)
}

// reviewedConsultation is reviewingConsultation answered and finished: the
// 转告单 of what the demo station passes on.
func reviewedConsultation(t *testing.T, s *wired.Service, d *devmode.Demo) string {
	path := reviewingConsultation(t, s, d)
	var id int64
	require.NoError(t, s.DB.GetContext(t.Context(), &id, "SELECT MAX(id) FROM consultations"))
	var left []int64
	require.NoError(t, s.DB.SelectContext(t.Context(), &left, "SELECT id FROM consultation_opinions WHERE consultation_id = ? AND outcome IS NULL ORDER BY id", id))
	for i, oid := range left {
		in := consultations.ReviewInput{Outcome: consultations.OutcomeAdopted, Reason: "已在第十条写明举报电话和答复期限。"}
		if i == 0 {
			in = consultations.ReviewInput{Outcome: consultations.OutcomeForReference, Reason: "罚款标准由上位法规定，已转有关部门研究。"}
		}
		_, err := s.Consultations.Review(t.Context(), wired.Admin, id, oid, in)
		require.NoError(t, err)
	}
	_, err := s.Consultations.FinishReview(t.Context(), wired.Admin, id)
	require.NoError(t, err)
	return path + "/report?station_id=" + itoa(d.Station.ID)
}

// demoConsultation is the demo's open consultation.
func demoConsultation(t *testing.T, s *wired.Service) int64 {
	var id int64
	require.NoError(t, s.DB.GetContext(t.Context(), &id, "SELECT MIN(id) FROM consultations"))
	return id
}
