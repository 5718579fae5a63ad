package consultations_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/consultations"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestOutcomeSummarySaysHowManyWereAdopted(t *testing.T) {
	assert.Equal(t, "您的意见已采纳", consultations.OutcomeSummary([]string{"adopted"}))
	assert.Equal(t, "您的意见未采纳", consultations.OutcomeSummary([]string{"not_adopted"}))
	assert.Equal(t, "您的意见留作参考", consultations.OutcomeSummary([]string{"for_reference"}))
	assert.Equal(t, "共3条意见，采纳1条、部分采纳1条", consultations.OutcomeSummary([]string{"adopted", "partly_adopted", "not_adopted"}))
	assert.Equal(t, "共2条意见，采纳0条", consultations.OutcomeSummary([]string{"not_adopted", "for_reference"}))
}

var start = time.Date(2026, 3, 2, 10, 0, 0, 0, clock.Shanghai)

const draft = `第一条 为了促进城市绿化，制定本条例。
第二条 本条例适用于本市城市规划区。`

type world struct {
	s             *wired.Service
	clock         *clock.Fixed
	svc           *consultations.Service
	office, staff *access.Principal
	station       int64
	c             *consultations.Consultation
}

func newWorld(t *testing.T) *world {
	ck := clock.NewFixed(start)
	s := wired.New(t, wired.Clock(ck), wired.Configure(func(c *config.Config) { c.QuietHours = "" }))
	w := &world{s: s, clock: ck, svc: s.App.Consultations}
	w.station = s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	tok, _ := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaNanning})
	w.office = s.As(t, tok)
	tok, _ = s.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{w.station}})
	w.staff = s.As(t, tok)
	title, text, area := "南宁市城市绿化条例（草案）", draft, testkit.AreaNanning
	opens, closes := start, start.Add(7*24*time.Hour)
	ctx := context.Background()
	c, err := w.svc.Create(ctx, w.office, consultations.Input{Title: &title, Text: &text, AreaCode: &area, OpensAt: &opens, ClosesAt: &closes})
	require.NoError(t, err)
	c, err = w.svc.Publish(ctx, w.office, c.ID)
	require.NoError(t, err)
	w.c = c
	return w
}

func (w *world) walkIn(t *testing.T, content, phone string) int64 {
	t.Helper()
	in := consultations.OpinionInput{Content: content, StationID: &w.station, Phone: phone, Consent: phone != ""}
	o, err := w.svc.RecordMeeting(context.Background(), w.staff, w.c.ID, in)
	require.NoError(t, err)
	return o.ID
}

func code(err error) string { return apperr.From(err).Code }

func TestAWalkInWithTwoOpinionsIsToldOnceAndTheOneWithoutContactStaysWithTheStation(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	first := w.walkIn(t, "建议写明绿化的具体目标。", "13700001234")
	second := w.walkIn(t, "规划区以外的乡镇也应当适用。", "137 0000 1234")
	silent := w.walkIn(t, "老小区绿地太少，应当补建。", "")

	st, err := w.svc.Stats(ctx, w.office, w.c.ID)
	require.NoError(t, err)
	assert.Nil(t, st.Total.AdoptionRate, "no rate before any answer")
	require.Len(t, st.Stations, 1)
	require.Len(t, st.Stations[0].ToPassOn, 1)
	assert.Equal(t, silent, st.Stations[0].ToPassOn[0].ID)

	_, err = w.svc.Review(ctx, w.office, w.c.ID, first, consultations.ReviewInput{Outcome: consultations.OutcomeAdopted})
	assert.Equal(t, "consultation_not_closed", code(err))
	_, err = w.svc.Close(ctx, w.office, w.c.ID)
	require.NoError(t, err)
	_, err = w.svc.Review(ctx, w.office, w.c.ID, first, consultations.ReviewInput{Outcome: consultations.OutcomeAdopted})
	require.NoError(t, err)
	got, err := w.svc.ReviewMany(ctx, w.office, w.c.ID, []int64{second, silent, second},
		consultations.ReviewInput{Outcome: consultations.OutcomeNotAdopted, Reason: "上位法已有规定。"})
	require.NoError(t, err)
	require.Len(t, got, 2, "an opinion named twice is answered once")
	require.NotNil(t, got[0].Reason)
	assert.Equal(t, "上位法已有规定。", *got[0].Reason)
	_, err = w.svc.Review(ctx, w.staff, w.c.ID, first, consultations.ReviewInput{Outcome: consultations.OutcomeNotAdopted, Reason: "x"})
	assert.Equal(t, consultations.ErrNotFound.Code, code(err), "the station's staff do not answer for the office")

	reports, err := w.svc.Reports(ctx, w.staff)
	require.NoError(t, err)
	assert.Empty(t, reports, "nothing to pass on before the review is finished")
	early, err := w.svc.Stats(ctx, w.staff, w.c.ID)
	require.NoError(t, err)
	assert.Equal(t, 3, early.Total.Opinions)
	assert.Zero(t, early.Total.Reviewed, "the station learns the answers with everyone, at the end")
	assert.Zero(t, early.Stations[0].Adopted)
	assert.Nil(t, early.Total.AdoptionRate)
	c, err := w.svc.FinishReview(ctx, w.office, w.c.ID)
	require.NoError(t, err)
	assert.Equal(t, consultations.StatusReviewed, c.Status)
	assert.NotNil(t, c.ReviewedAt)
	reports, err = w.svc.Reports(ctx, w.staff)
	require.NoError(t, err)
	require.Len(t, reports, 1, "the station's staff find the draft whose answers they pass on")
	assert.Equal(t, consultations.StationReport{ConsultationID: w.c.ID, Title: "南宁市城市绿化条例（草案）", ReviewedAt: reports[0].ReviewedAt,
		StationID: w.station, StationName: "民生街道联络站", ToPassOn: 1}, reports[0])
	elsewhere := w.s.Station(t, "青秀山联络站", testkit.AreaQingxiu)
	tok, _ := w.s.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{elsewhere}})
	reports, err = w.svc.Reports(ctx, w.s.As(t, tok))
	require.NoError(t, err)
	assert.Empty(t, reports, "another station's staff see nothing of it")
	subject := "consultation:" + itoa(w.c.ID)
	assert.Equal(t, 1, w.s.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND kind = 'consultation_outcome'", subject),
		"one person, one notice, whatever the spaces in the phone")
	w.s.SendPending(t, subject)
	sms := w.s.SMS.Received("13700001234")
	require.Len(t, sms, 1)
	assert.Equal(t, []string{"南宁市城市绿化条例（草案）", "共2条意见，采纳1条"}, sms[0].Params)
	// The station's staff are told of the one they pass on (their notice is a row even
	// without a WeChat grant: it is recorded, skipped, and the station's table stays).
	assert.Equal(t, 1, w.s.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND kind = 'consultation_station_report'", subject))
	assert.Equal(t, 1, w.s.DB.Count(t, "SELECT COUNT(*) FROM consultation_opinions WHERE consultation_id = ? AND notified_at IS NULL", w.c.ID))

	_, err = w.svc.FinishReview(ctx, w.office, w.c.ID)
	require.NoError(t, err, "finishing again is harmless")
	assert.Equal(t, 2, w.s.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE subject = ?", subject))
	assert.Equal(t, 0, w.s.SendPending(t, subject))
	assert.Len(t, w.s.SMS.Received("13700001234"), 1)

	st, err = w.svc.Stats(ctx, w.staff, w.c.ID)
	require.NoError(t, err)
	require.Len(t, st.Stations, 1)
	require.Len(t, st.Stations[0].ToPassOn, 1, "the opinion without contact is not lost")
	po := st.Stations[0].ToPassOn[0]
	require.NotNil(t, po.Outcome)
	assert.Equal(t, consultations.OutcomeNotAdopted, *po.Outcome)
	require.NotNil(t, st.Total.AdoptionRate)
	assert.InDelta(t, 1.0/3, *st.Total.AdoptionRate, 0.0001)

	data, err := w.svc.Export(ctx, w.office, w.c.ID)
	require.NoError(t, err)
	assert.NotEmpty(t, data)
	_, err = w.svc.Export(ctx, w.staff, w.c.ID)
	assert.Equal(t, consultations.ErrNotFound.Code, code(err))
}

func TestFinishingWithOpinionsLeftSaysHowMany(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a := w.walkIn(t, "建议写明绿化的具体目标。", "")
	w.walkIn(t, "规划区以外的乡镇也应当适用。", "")
	w.walkIn(t, "老小区绿地太少，应当补建。", "")
	_, err := w.svc.Close(ctx, w.office, w.c.ID)
	require.NoError(t, err)
	_, err = w.svc.Review(ctx, w.office, w.c.ID, a, consultations.ReviewInput{Outcome: consultations.OutcomePartlyAdopted})
	require.Error(t, err)
	assert.Contains(t, apperr.From(err).Fields, "reason", "partly adopted needs a reason")
	_, err = w.svc.Review(ctx, w.office, w.c.ID, a, consultations.ReviewInput{Outcome: consultations.OutcomeForReference})
	require.NoError(t, err)
	_, err = w.svc.FinishReview(ctx, w.office, w.c.ID)
	e := apperr.From(err)
	assert.Equal(t, "opinions_not_reviewed", e.Code)
	assert.Contains(t, e.Message, "还有 2 条意见没有答复")
	c, err := w.svc.Get(ctx, w.office, w.c.ID)
	require.NoError(t, err)
	assert.Equal(t, consultations.StatusClosed, c.Status)
	assert.Equal(t, 0, w.s.DB.Count(t, "SELECT COUNT(*) FROM notifications"))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
