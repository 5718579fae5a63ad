package activities_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestEmployerLettersAreForTheEmployersNoSMSReachesAndSayWhatThePageSays(t *testing.T) {
	s := wired.New(t)
	ctx := t.Context()
	st := s.Station(t, "甲站", "450102")
	other := s.Station(t, "乙站", "450103")
	landline := s.Deputy(t, "覃海燕", "13800138001", st)
	mobile := s.Deputy(t, "黄秀兰", "13800138002", st)
	s.Deputy(t, "无单位", "13800138003", st)
	for id, e := range map[int64][3]string{landline: {"自治区人民医院", "李娟", "0771-5551234"}, mobile: {"第二中学", "梁志明", "13800138102"}} {
		_, err := s.Registry.UpdateDeputy(ctx, wired.Admin, id, registry.DeputyInput{Employer: &registry.EmployerInput{
			Name: actPtr(e[0]), ContactName: actPtr(e[1]), ContactPhone: actPtr(e[2])}})
		require.NoError(t, err)
	}
	a := wired.PublishAt(t, s.Activities, st, "reception_day", time.Now().Add(48*time.Hour))

	letters, err := s.Activities.EmployerLetters(ctx, wired.Admin, a.ID)
	require.NoError(t, err)
	require.Len(t, letters, 1, "only the landline's employer: the mobile one gets its SMS, the third has no employer")
	l := letters[0]
	assert.Equal(t, "覃海燕", l.DeputyName)
	assert.Equal(t, "自治区人民医院：", l.Salutation())
	assert.Contains(t, l.RequestAsk(), "按正常出勤对待")
	assert.Equal(t, a.Title, l.Title)
	assert.Contains(t, l.When(), " 至 ")
	assert.NotEmpty(t, l.LegalBasis)
	assert.NotEmpty(t, l.IssuingOffice)
	assert.Empty(t, l.CancelNote())

	staffB := &access.Principal{Grants: []access.Grant{{Role: access.RoleStaff, StationIDs: []int64{other}}}}
	_, err = s.Activities.EmployerLetters(ctx, staffB, a.ID)
	assert.ErrorContains(t, err, "活动不存在", "another station's staff see no letters")

	_, err = s.Activities.Cancel(ctx, wired.Admin, a.ID, "台风")
	require.NoError(t, err)
	letters, err = s.Activities.EmployerLetters(ctx, wired.Admin, a.ID)
	require.NoError(t, err)
	require.Len(t, letters, 1)
	assert.Equal(t, "本次活动已取消（台风），无需再为其安排时间。", letters[0].CancelNote())
	assert.Equal(t, "代表所在单位：", (&activities.EmployerNotice{}).Salutation())
}

func TestTheLegalBasisOfConfigsReadsWithoutStraySpaces(t *testing.T) {
	r, err := activities.LoadRules(filepath.Join(wired.Root(), "configs", "activities.yaml"))
	require.NoError(t, err)
	basis := r.EmployerNotice.LegalBasis
	assert.True(t, strings.HasPrefix(basis, "根据《中华人民共和国"), basis)
	assert.True(t, strings.HasSuffix(basis, "享受所在单位的工资和其他待遇。"), basis)
	assert.NotContains(t, basis, " ", "Chinese text joined across the file's lines has no spaces")
	assert.NotContains(t, basis, "\n")
}
