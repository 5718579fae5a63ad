package registry_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
)

// greatCircleM is the haversine distance, computed here independently of the SQL.
func greatCircleM(lat1, lng1, lat2, lng2 float64) float64 {
	rad := math.Pi / 180
	dLat, dLng := (lat2-lat1)*rad, (lng2-lng1)*rad
	a := math.Pow(math.Sin(dLat/2), 2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Pow(math.Sin(dLng/2), 2)
	return 2 * 6371008.8 * math.Asin(math.Sqrt(a))
}

func TestNearestStationsAreActiveStationsOrderedByDistance(t *testing.T) {
	f := newFixture(t)
	const lat, lng = 22.817, 108.366 // 南宁市 centre
	// Created out of order, so that the id order is not the distance order.
	far := f.station(t, "柳州城中联络站", testkit.AreaChengzh, 24.326, 109.428)     // ~200 km
	mid := f.station(t, "青秀区联络站", testkit.AreaQingxiu, 22.917, 108.366)      // ~11 km
	near := f.station(t, "民生街道联络站", testkit.AreaMinsheng, 22.818, 108.366)   // ~111 m
	nearer := f.station(t, "兴宁区联络站", testkit.AreaXingning, 22.8175, 108.366) // ~56 m
	closed := f.station(t, "已撤销联络站", testkit.AreaXingning, 22.817, 108.3661)
	_, err := f.reg.UpdateStation(t.Context(), admin, closed, registry.StationInput{Active: ptr(false)})
	require.NoError(t, err)
	_, err = f.reg.CreateStation(t.Context(), admin, registry.StationInput{Name: ptr("无坐标联络站"), Kind: ptr("community"), AreaCode: ptr(testkit.AreaXingning)})
	require.NoError(t, err)

	got, err := f.reg.NearestStations(t.Context(), registry.NearQuery{Near: "22.817,108.366"})
	require.NoError(t, err)
	var ids []int64
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	assert.Equal(t, []int64{nearer, near, mid, far}, ids, "nearest first; inactive and unplaced stations left out")
	for _, s := range got {
		want := greatCircleM(lat, lng, *s.Latitude, *s.Longitude)
		assert.InDelta(t, want, float64(s.DistanceM), 1, "distance of %s", s.Name)
	}
	assert.Equal(t, "兴宁区", got[0].Area.Name)

	two, err := f.reg.NearestStations(t.Context(), registry.NearQuery{Near: "22.817, 108.366", Limit: "2"})
	require.NoError(t, err)
	require.Len(t, two, 2)
	assert.Equal(t, []int64{nearer, near}, []int64{two[0].ID, two[1].ID})
}

func TestNearestStationsSearchIsBounded(t *testing.T) {
	f := newFixture(t)
	f.station(t, "兴宁区联络站", testkit.AreaXingning, 22.817, 108.366)
	cases := []struct {
		name, near string
	}{
		{"a point in Beijing, 2 000 km away, finds nothing", "39.904,116.407"},
		{"a point near the north pole finds nothing and does not fail", "89.99,10"},
		{"a point by the 180th meridian finds nothing and does not fail", "10,179.999"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.reg.NearestStations(t.Context(), registry.NearQuery{Near: tc.near})
			require.NoError(t, err)
			assert.Empty(t, got)
		})
	}
}

func TestNearestStationsRefusesAMalformedQuery(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name        string
		q           registry.NearQuery
		faultyField string
	}{
		{"a missing point is refused", registry.NearQuery{}, "near"},
		{"a point without a longitude is refused", registry.NearQuery{Near: "22.8"}, "near"},
		{"a point with three numbers is refused", registry.NearQuery{Near: "22.8,108.3,1"}, "near"},
		{"words are refused", registry.NearQuery{Near: "南宁,青秀"}, "near"},
		{"a latitude beyond 90 is refused", registry.NearQuery{Near: "91,108"}, "near"},
		{"a longitude beyond 180 is refused", registry.NearQuery{Near: "22.8,181"}, "near"},
		{"NaN is refused", registry.NearQuery{Near: "NaN,108"}, "near"},
		{"a limit of 0 is refused", registry.NearQuery{Near: "22.8,108.3", Limit: "0"}, "limit"},
		{"a limit above 20 is refused", registry.NearQuery{Near: "22.8,108.3", Limit: "21"}, "limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.reg.NearestStations(t.Context(), tc.q)
			e := apperr.From(err)
			require.Equal(t, apperr.KindInvalid, e.Kind, "%v", err)
			assert.Contains(t, e.Fields, tc.faultyField)
		})
	}
}
