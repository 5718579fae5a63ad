package registry

import "math"

// DistanceM is the great-circle (haversine) distance in metres between two
// points given in degrees, on the same sphere as NearestStations.
func DistanceM(lat1, lng1, lat2, lng2 float64) float64 {
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLng := (lng2 - lng1) * rad
	a := math.Pow(math.Sin(dLat/2), 2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Pow(math.Sin(dLng/2), 2)
	return earthRadiusM * 2 * math.Asin(math.Min(1, math.Sqrt(a)))
}
