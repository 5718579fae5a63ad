package registry

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/liaison-stations/liaison/server/apperr"
)

const (
	earthRadiusM     = 6371008.8 // mean Earth radius (IUGG)
	defaultNearLimit = 10
	maxNearLimit     = 20
)

// nearRadiiM are the search radii tried in turn until enough stations are
// found; the last one bounds the search.
var nearRadiiM = []float64{2_000, 10_000, 50_000, 250_000, 1_000_000}

// NearQuery asks for the stations nearest to a point: Near is "lat,lng",
// Limit how many (1–20; empty: 10).
type NearQuery struct {
	Near  string
	Limit string
}

type nearPoint struct {
	lat, lng float64
	limit    int
}

// Validate checks the query.
func (q NearQuery) Validate() apperr.FieldErrors {
	_, f := q.parse()
	return f
}

func (q NearQuery) parse() (nearPoint, apperr.FieldErrors) {
	f := apperr.FieldErrors{}
	pt := nearPoint{limit: defaultNearLimit}
	parts := strings.Split(strings.TrimSpace(q.Near), ",")
	if len(parts) != 2 {
		f.Add("near", "位置应为“纬度,经度”，如 22.817,108.366")
	} else {
		var errLat, errLng error
		pt.lat, errLat = strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
		pt.lng, errLng = strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
		f.Check(errLat != nil || errLng != nil, "near", "位置应为“纬度,经度”，如 22.817,108.366")
		f.Check(!(pt.lat >= -90 && pt.lat <= 90), "near", "纬度应在 -90 到 90 之间")
		f.Check(!(pt.lng >= -180 && pt.lng <= 180), "near", "经度应在 -180 到 180 之间")
	}
	if q.Limit != "" {
		n, err := strconv.Atoi(q.Limit)
		f.Check(err != nil || n < 1 || n > maxNearLimit, "limit", "数量应为1–20")
		pt.limit = n
	}
	return pt, f
}

// StationSummary is a public station card without its deputies.
type StationSummary struct {
	ID        int64    `json:"id" db:"id"`
	Name      string   `json:"name" db:"name"`
	Kind      string   `json:"kind" db:"kind"`
	Topic     string   `json:"topic" db:"topic"`
	Address   string   `json:"address" db:"address"`
	Latitude  *float64 `json:"latitude" db:"latitude"`
	Longitude *float64 `json:"longitude" db:"longitude"`
	OpenHours string   `json:"open_hours" db:"open_hours"`
	Area      AreaRef  `json:"area" db:"-"`
	AreaCode  string   `json:"-" db:"area_code"`
	AreaName  string   `json:"-" db:"area_name"`
}

// NearbyStation is a station summary with the great-circle distance from
// the asked point.
type NearbyStation struct {
	StationSummary
	DistanceM int64   `json:"distance_m" db:"-"`
	Distance  float64 `json:"-" db:"distance_m"`
}

// haversineSQL is the great-circle distance in metres from (?, ?) — the
// latitude twice, then the longitude — to a station.
const haversineSQL = `? * 2 * ASIN(LEAST(1, SQRT(
	POW(SIN(RADIANS(s.latitude - ?) / 2), 2) +
	COS(RADIANS(?)) * COS(RADIANS(s.latitude)) * POW(SIN(RADIANS(s.longitude - ?) / 2), 2))))`

// NearestStations lists the active stations nearest to a point, nearest
// first. It looks within growing radii, each a bounding box on the
// (latitude, longitude) index filtered by the exact distance, and stops at
// the first radius holding enough stations or at the last (1 000 km).
func (s *Service) NearestStations(ctx context.Context, q NearQuery) ([]NearbyStation, error) {
	pt, f := q.parse()
	if err := f.Err(); err != nil {
		return nil, err
	}
	var rows []NearbyStation
	for _, r := range nearRadiiM {
		minLat, maxLat, minLng, maxLng := boundingBox(pt.lat, pt.lng, r)
		rows = []NearbyStation{}
		err := s.DB.SelectContext(ctx, &rows, `SELECT s.id, s.name, s.kind, s.topic, s.address, s.latitude, s.longitude,
				s.open_hours, s.area_code, a.name AS area_name, `+haversineSQL+` AS distance_m
			FROM stations s JOIN areas a ON a.code = s.area_code
			WHERE s.active = 1 AND s.latitude BETWEEN ? AND ? AND s.longitude BETWEEN ? AND ?
			HAVING distance_m <= ?
			ORDER BY distance_m, s.id LIMIT ?`,
			earthRadiusM, pt.lat, pt.lat, pt.lng, minLat, maxLat, minLng, maxLng, r, pt.limit)
		if err != nil {
			return nil, fmt.Errorf("registry: nearest stations: %w", err)
		}
		if len(rows) >= pt.limit {
			break
		}
	}
	for i := range rows {
		rows[i].Area = AreaRef{Code: rows[i].AreaCode, Name: rows[i].AreaName}
		rows[i].DistanceM = int64(math.Round(rows[i].Distance))
	}
	return rows, nil
}

// boundingBox is the smallest latitude/longitude box holding every point
// within r metres of (lat, lng) (J. Matuschek, "Finding Points Within a
// Distance of a Latitude/Longitude Using Bounding Coordinates"). When the
// circle reaches a pole or crosses the 180th meridian the box spans every
// longitude: less selective, never wrong.
func boundingBox(lat, lng, r float64) (minLat, maxLat, minLng, maxLng float64) {
	d := r / earthRadiusM
	phi, lambda := lat*math.Pi/180, lng*math.Pi/180
	minPhi, maxPhi := phi-d, phi+d
	minLat, maxLat = minPhi*180/math.Pi, maxPhi*180/math.Pi
	if minPhi <= -math.Pi/2 || maxPhi >= math.Pi/2 {
		return max(minLat, -90), min(maxLat, 90), -180, 180
	}
	dLng := math.Asin(math.Sin(d) / math.Cos(phi))
	minLng, maxLng = (lambda-dLng)*180/math.Pi, (lambda+dLng)*180/math.Pi
	if minLng < -180 || maxLng > 180 {
		return minLat, maxLat, -180, 180
	}
	return minLat, maxLat, minLng, maxLng
}

// maxSearch bounds a search by name: a person picks from a short list.
const maxSearch = 20

// SearchStations lists the active stations whose name or address contains
// q, by name. An empty q is a field error.
func (s *Service) SearchStations(ctx context.Context, q string) ([]StationSummary, error) {
	q = strings.TrimSpace(q)
	if q == "" || len([]rune(q)) > 50 {
		return nil, apperr.Invalid(map[string]string{"q": "请输入联络站名称或地址中的字词（50字以内）"})
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
	rows := []StationSummary{}
	err := s.DB.SelectContext(ctx, &rows, `SELECT s.id, s.name, s.kind, s.topic, s.address, s.latitude, s.longitude,
			s.open_hours, s.area_code, a.name AS area_name
		FROM stations s JOIN areas a ON a.code = s.area_code
		WHERE s.active = 1 AND (s.name LIKE ? OR s.address LIKE ?)
		ORDER BY s.name, s.id LIMIT ?`, like, like, maxSearch)
	if err != nil {
		return nil, fmt.Errorf("registry: search stations: %w", err)
	}
	for i := range rows {
		rows[i].Area = AreaRef{Code: rows[i].AreaCode, Name: rows[i].AreaName}
	}
	return rows, nil
}
