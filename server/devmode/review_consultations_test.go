package devmode

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/consultations"
)

// The review of 立法征询 runs on the dev mode's database stand-in (one
// transaction at a time): answer, finish, the tables and the export.
func TestTheDemoConsultationIsReviewedInDevMode(t *testing.T) {
	in := bootForTest(t, nil, BootOptions{})
	ctx := context.Background()
	svc := in.App.Consultations
	open, err := svc.OpenAt(ctx, in.Demo.Station.ID)
	require.NoError(t, err)
	require.Len(t, open, 1)
	id := open[0].ID
	station := in.Demo.Station.ID
	var ids []int64
	for _, in := range []consultations.OpinionInput{
		{Content: "建议写明避让地质灾害隐患点的具体办法。", StationID: &station, Phone: "13700001234", Consent: true},
		{Content: "座谈会上大家认为应当多听村民意见。", StationID: &station},
	} {
		o, err := svc.RecordMeeting(ctx, seeder, id, in)
		require.NoError(t, err)
		ids = append(ids, o.ID)
	}
	_, err = svc.Close(ctx, seeder, id)
	require.NoError(t, err)
	_, err = svc.ReviewMany(ctx, seeder, id, ids, consultations.ReviewInput{Outcome: consultations.OutcomePartlyAdopted, Reason: "已在第四条中补充。"})
	require.NoError(t, err)
	c, err := svc.FinishReview(ctx, seeder, id)
	require.NoError(t, err)
	assert.Equal(t, consultations.StatusReviewed, c.Status)
	st, err := svc.Stats(ctx, seeder, id)
	require.NoError(t, err)
	require.NotNil(t, st.Total.AdoptionRate)
	assert.Equal(t, 1.0, *st.Total.AdoptionRate)
	data, err := svc.Export(ctx, seeder, id)
	require.NoError(t, err)
	assert.NotEmpty(t, data)
}
