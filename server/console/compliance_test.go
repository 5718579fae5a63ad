package console_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestComplianceShowsOnlyTheCallersStationsRuleByRule(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC))
	s := wired.New(t, wired.Clock(clk))
	a := s.Station(t, "民生街道联络站", "450102")
	b := s.Station(t, "青秀山联络站", "450103")
	da := s.Deputy(t, "甲站代表", "13800138001", a)
	s.Deputy(t, "乙站代表", "13800138002", b)
	// Station A held its January reception day (a deputy checked in); February's none.
	wired.PastActivity(t, s.DB, a, "reception_day", "2026-01-15 09:00", "published", []int64{da}, []int64{da}, nil)

	staffA, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	w := staffA.Get(t, "/console/compliance")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, "民生街道联络站")
	assert.NotContains(t, page, "青秀山联络站", "another station is not shown")
	assert.Contains(t, page, "代表接待日")
	assert.Contains(t, page, "每月至少 1 次")
	assert.Contains(t, page, "2026年")
	assert.Contains(t, page, "达标 1/2", "January met, February not")
	assert.Contains(t, page, "3 个周期未达标", "the overall summary")
	assert.Contains(t, page, "我负责的联络站")

	w = staffA.Get(t, "/console/compliance/"+itoa(a)+"?year=2026")
	require.Equal(t, http.StatusOK, w.Code)
	page = w.Body.String()
	assert.Contains(t, page, "1月")
	assert.Contains(t, page, "第一季度")
	assert.Contains(t, page, "达标")
	assert.Contains(t, page, "未达标")
	assert.Contains(t, page, "尚未安排")
	assert.NotContains(t, page, "2026-Q1", "periods in words")
	assert.NotContains(t, page, "reception_day")

	assert.Equal(t, http.StatusNotFound, staffA.Get(t, "/console/compliance/"+itoa(b)).Code)
	assert.Equal(t, http.StatusNotFound, staffA.Get(t, "/console/compliance/x").Code)

	// A county's staff see every station of the county, and only those.
	county, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: "450102"})
	page = county.Get(t, "/console/compliance").Body.String()
	assert.Contains(t, page, "兴宁区")
	assert.Contains(t, page, "民生街道联络站")
	assert.NotContains(t, page, "青秀山联络站")
}
