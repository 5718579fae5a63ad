package messages

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
)

// DeputyLetters is what citizens wrote to a deputy (代表码, the deputy as
// addressee) in a period: how many letters they received, how many of those
// were answered, and the median time from a letter to its first answer.
type DeputyLetters struct {
	Received int
	Answered int
	// MedianReply is the median of created_at → replied_at over the answered
	// letters; nil when none was answered.
	MedianReply *time.Duration
}

// DeputyLetterCounts counts, per deputy among ids, the messages written to
// them that were received in [from, to), those answered, and the median time
// to a first answer, for their performance file. The counts are one grouped
// query; the median reads the sorted answer times of those letters (a
// deputy's year holds few), one query per thousand deputies.
func (s *Service) DeputyLetterCounts(ctx context.Context, ids []int64, from, to time.Time) (map[int64]DeputyLetters, error) {
	out := make(map[int64]DeputyLetters, len(ids))
	err := store.EachChunk(ids, 1000, func(part []int64) error {
		q, args, err := store.In(`SELECT addressee_deputy_id AS deputy_id, COUNT(*) AS received, SUM(replied_at IS NOT NULL) AS answered
			FROM messages WHERE addressee_deputy_id IN (?) AND created_at >= ? AND created_at < ?
			GROUP BY addressee_deputy_id`, part, from, to)
		if err != nil {
			return err
		}
		var counts []struct {
			DeputyID int64 `db:"deputy_id"`
			Received int   `db:"received"`
			Answered int   `db:"answered"`
		}
		if err := s.DB.SelectContext(ctx, &counts, q, args...); err != nil {
			return err
		}
		for _, c := range counts {
			out[c.DeputyID] = DeputyLetters{Received: c.Received, Answered: c.Answered}
		}
		q, args, err = store.In(`SELECT addressee_deputy_id AS deputy_id, TIMESTAMPDIFF(SECOND, created_at, replied_at) AS seconds
			FROM messages WHERE addressee_deputy_id IN (?) AND created_at >= ? AND created_at < ? AND replied_at IS NOT NULL
			ORDER BY addressee_deputy_id, seconds`, part, from, to)
		if err != nil {
			return err
		}
		var times []struct {
			DeputyID int64 `db:"deputy_id"`
			Seconds  int64 `db:"seconds"`
		}
		if err := s.DB.SelectContext(ctx, &times, q, args...); err != nil {
			return err
		}
		for start := 0; start < len(times); {
			end := start
			for end < len(times) && times[end].DeputyID == times[start].DeputyID {
				end++
			}
			m := medianSeconds(times[start:end], func(i int) int64 { return times[start+i].Seconds })
			c := out[times[start].DeputyID]
			c.MedianReply = &m
			out[times[start].DeputyID] = c
			start = end
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("messages: deputy letters: %w", err)
	}
	return out, nil
}

// medianSeconds is the median of n sorted values (the mean of the middle two
// for an even n) as a duration.
func medianSeconds[T any](sorted []T, at func(i int) int64) time.Duration {
	n := len(sorted)
	if n%2 == 1 {
		return time.Duration(at(n/2)) * time.Second
	}
	return time.Duration(at(n/2-1)+at(n/2)) * time.Second / 2
}

// OpenForDeputies counts, per deputy among ids, the messages written or
// assigned to them that still wait for a reply (submitted, or open: neither
// replied, promised, closed nor rejected), of the stations the staff caller
// covers: the deputies list's 待办来信, one query for a page. A message
// written to one deputy and assigned to another counts for both.
func (s *Service) OpenForDeputies(ctx context.Context, p *access.Principal, ids []int64) (map[int64]int, error) {
	out := make(map[int64]int, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	scope, sargs := p.Scope().StationSQL("m.station_id", "s.area_code")
	from := ` FROM messages m JOIN stations s ON s.id = m.station_id
		WHERE ` + scope + ` AND m.status IN (?) AND `
	waiting := append([]string{StatusSubmitted}, openStatuses...)
	args := append(append(append(append([]any{}, sargs...), waiting, ids), sargs...), waiting, ids)
	q, args, err := store.In(`SELECT x.deputy_id, COUNT(DISTINCT x.id) AS n FROM (
		SELECT m.id, m.addressee_deputy_id AS deputy_id`+from+`m.addressee_deputy_id IN (?)
		UNION ALL
		SELECT m.id, m.deputy_id`+from+`m.deputy_id IN (?)) x GROUP BY x.deputy_id`, args...)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		DeputyID int64 `db:"deputy_id"`
		N        int   `db:"n"`
	}
	if err := s.DB.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("messages: open for deputies: %w", err)
	}
	for _, r := range rows {
		out[r.DeputyID] = r.N
	}
	return out, nil
}

// StationLetters is, for a station's public card, the messages written to
// its deputies (代表码) through the station this year and those answered.
type StationLetters struct {
	Year     int `json:"year" db:"-"`
	Received int `json:"received" db:"received"`
	Answered int `json:"answered" db:"answered"`
}

// StationLettersThisYear counts the station's messages with an addressee
// deputy created this year (Asia/Shanghai), and those replied.
func (s *Service) StationLettersThisYear(ctx context.Context, stationID int64) (*StationLetters, error) {
	year := s.Clock.Now().In(clock.Shanghai).Year()
	from := time.Date(year, 1, 1, 0, 0, 0, 0, clock.Shanghai).UTC()
	to := time.Date(year+1, 1, 1, 0, 0, 0, 0, clock.Shanghai).UTC()
	out := StationLetters{Year: year}
	if err := s.DB.GetContext(ctx, &out, `SELECT COUNT(*) AS received, COALESCE(SUM(replied_at IS NOT NULL), 0) AS answered
		FROM messages WHERE station_id = ? AND addressee_deputy_id IS NOT NULL AND created_at >= ? AND created_at < ?`,
		stationID, from, to); err != nil {
		return nil, fmt.Errorf("messages: station letters: %w", err)
	}
	return &out, nil
}
