package consultations

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/store"
)

// Tally counts opinions and their outcomes. AdoptionRate is (adopted +
// partly adopted) / reviewed, rounded to 4 places; null before any review.
type Tally struct {
	Opinions      int      `json:"opinions"`
	Reviewed      int      `json:"reviewed"`
	Adopted       int      `json:"adopted"`
	PartlyAdopted int      `json:"partly_adopted"`
	NotAdopted    int      `json:"not_adopted"`
	ForReference  int      `json:"for_reference"`
	AdoptionRate  *float64 `json:"adoption_rate"`
}

func (t *Tally) add(outcome *string) {
	t.Opinions++
	if outcome == nil {
		return
	}
	t.Reviewed++
	switch *outcome {
	case OutcomeAdopted:
		t.Adopted++
	case OutcomePartlyAdopted:
		t.PartlyAdopted++
	case OutcomeNotAdopted:
		t.NotAdopted++
	default:
		t.ForReference++
	}
}

func (t *Tally) rate() {
	if t.Reviewed == 0 {
		return
	}
	r := math.Round(float64(t.Adopted+t.PartlyAdopted)/float64(t.Reviewed)*10000) / 10000
	t.AdoptionRate = &r
}

// StationStats is one station's row of the office's table (Station nil:
// opinions sent in the mini program without a station). ToPassOn are the
// station's opinions whose authors left no way to be told (a meeting's, a
// walk-in's without phone): the station passes the answers on.
type StationStats struct {
	Station  *Ref   `json:"station"`
	AreaCode string `json:"area_code"`
	AreaName string `json:"area_name"`
	Tally
	ToPassOn []PassOn `json:"to_pass_on"`
}

// PassOn is an opinion whose author the station tells of its answer.
type PassOn struct {
	ID            int64   `json:"id" db:"id"`
	ArticleNumber *string `json:"article_number" db:"article_number"`
	Content       string  `json:"content" db:"content"`
	// Name is who said it, when they agreed to leave it ("" otherwise).
	Name      string    `json:"name" db:"name"`
	Activity  *Ref      `json:"activity" db:"-"`
	Outcome   *string   `json:"outcome" db:"outcome"`
	Reason    *string   `json:"reason" db:"-"`
	CreatedAt time.Time `json:"created_at" db:"created_at"`
}

// AreaStats is one county's (or district's) row: its stations' opinions together.
type AreaStats struct {
	AreaCode string `json:"area_code"`
	AreaName string `json:"area_name"`
	Tally
}

// Stats are the office's tables of a consultation (per station and per
// county, with the adoption rate), or, for the staff of stations it reaches
// who do not run it, the rows of their own stations only (Total is then
// theirs too).
type Stats struct {
	ConsultationID int64          `json:"consultation_id"`
	Title          string         `json:"title"`
	Status         string         `json:"status"`
	Total          Tally          `json:"total"`
	Stations       []StationStats `json:"stations"`
	Areas          []AreaStats    `json:"areas"`
}

type statsRow struct {
	ID            int64     `db:"id"`
	StationID     *int64    `db:"station_id"`
	StationName   *string   `db:"station_name"`
	StationArea   *string   `db:"station_area"`
	Outcome       *string   `db:"outcome"`
	Reason        string    `db:"reason"`
	UserID        *int64    `db:"user_id"`
	HasPhone      bool      `db:"has_phone"`
	ArticleNumber *string   `db:"article_number"`
	Content       string    `db:"content"`
	Name          string    `db:"name"`
	ActivityID    *int64    `db:"activity_id"`
	ActivityTitle *string   `db:"activity_title"`
	CreatedAt     time.Time `db:"created_at"`
}

// countyOf is the county (district) code of a station's area: its first six digits.
func countyOf(area string) string {
	if len(area) > 6 {
		return area[:6]
	}
	return area
}

// Stats are the tables of a consultation: for the staff who run it every
// station's and county's; for the staff of a station it reaches, their
// stations' only. Anyone else: not found.
func (s *Service) Stats(ctx context.Context, p *access.Principal, id int64) (*Stats, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	c, err := s.manage(ctx, s.DB, p, id, false)
	office := err == nil
	if err != nil {
		if apperr.From(err).Code != ErrNotFound.Code {
			return nil, err
		}
		if c, err = load(ctx, s.DB, id, false); err != nil {
			return nil, err
		}
		if c.Status == StatusDraft {
			return nil, ErrNotFound
		}
	}
	var rows []statsRow
	// Joins the owners' tables (stations, activities) read only, for names.
	err = s.DB.SelectContext(ctx, &rows, `SELECT o.id, o.station_id, st.name AS station_name, st.area_code AS station_area, o.outcome, o.reason,
		o.user_id, o.phone_enc IS NOT NULL AS has_phone, a.number AS article_number, o.content, o.name, o.activity_id, act.title AS activity_title, o.created_at
		FROM consultation_opinions o
		LEFT JOIN consultation_articles a ON a.id = o.article_id
		LEFT JOIN stations st ON st.id = o.station_id
		LEFT JOIN activities act ON act.id = o.activity_id
		WHERE o.consultation_id = ? ORDER BY o.id`, id)
	if err != nil {
		return nil, fmt.Errorf("consultations: stats: %w", err)
	}
	scope := p.Scope()
	out := &Stats{ConsultationID: c.ID, Title: c.Title, Status: shownStatus(c.Status, c.ClosesAt, s.now()),
		Stations: []StationStats{}, Areas: []AreaStats{}}
	stations := map[int64]*StationStats{}
	var online *StationStats
	areas := map[string]*AreaStats{}
	reviewed := c.Status == StatusReviewed
	for _, r := range rows {
		// A station's staff learn the answers with everyone else, once the
		// review is finished: before, their tables count opinions only.
		outcome := r.Outcome
		if !office && !reviewed {
			outcome = nil
		}
		var st *StationStats
		if r.StationID == nil {
			if !office {
				continue
			}
			if online == nil {
				online = &StationStats{ToPassOn: []PassOn{}}
			}
			st = online
		} else {
			area := ""
			if r.StationArea != nil {
				area = *r.StationArea
			}
			if !office && !scope.CoversStation(*r.StationID, area) {
				continue
			}
			st = stations[*r.StationID]
			if st == nil {
				name := ""
				if r.StationName != nil {
					name = *r.StationName
				}
				st = &StationStats{Station: &Ref{ID: *r.StationID, Name: name}, AreaCode: countyOf(area), ToPassOn: []PassOn{}}
				stations[*r.StationID] = st
			}
			a := areas[st.AreaCode]
			if a == nil {
				a = &AreaStats{AreaCode: st.AreaCode}
				areas[st.AreaCode] = a
			}
			a.add(outcome)
			if r.UserID == nil && !r.HasPhone {
				po := PassOn{ID: r.ID, ArticleNumber: r.ArticleNumber, Content: r.Content, Name: r.Name, CreatedAt: sh(r.CreatedAt)}
				if r.ActivityID != nil && r.ActivityTitle != nil {
					po.Activity = &Ref{ID: *r.ActivityID, Name: *r.ActivityTitle}
				}
				if reviewed || office {
					po.Outcome = r.Outcome
					if r.Outcome != nil {
						reason := r.Reason
						po.Reason = &reason
					}
				}
				st.ToPassOn = append(st.ToPassOn, po)
			}
		}
		st.add(outcome)
		out.Total.add(outcome)
	}
	if !office && len(stations) == 0 {
		// Staff of no station it reaches (or none with opinions): covered
		// stations it reaches still see an empty table.
		ok, err := s.reachesAnyOf(ctx, p, id)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, ErrNotFound
		}
	}
	names, err := s.areaNames(ctx, areas)
	if err != nil {
		return nil, err
	}
	for _, st := range stations {
		st.AreaName = names[st.AreaCode]
		st.rate()
		out.Stations = append(out.Stations, *st)
	}
	sort.Slice(out.Stations, func(i, j int) bool {
		a, b := out.Stations[i], out.Stations[j]
		if a.AreaCode != b.AreaCode {
			return a.AreaCode < b.AreaCode
		}
		return a.Station.ID < b.Station.ID
	})
	if online != nil {
		online.rate()
		out.Stations = append(out.Stations, *online)
	}
	for _, a := range areas {
		a.AreaName = names[a.AreaCode]
		a.rate()
		out.Areas = append(out.Areas, *a)
	}
	sort.Slice(out.Areas, func(i, j int) bool { return out.Areas[i].AreaCode < out.Areas[j].AreaCode })
	out.Total.rate()
	return out, nil
}

// reachesAnyOf reports whether the consultation reaches a station the
// caller's scope covers.
func (s *Service) reachesAnyOf(ctx context.Context, p *access.Principal, id int64) (bool, error) {
	scope := p.Scope()
	ids := append([]int64{}, scope.StationIDs...)
	for _, pre := range scope.AreaPrefixes {
		var more []int64
		if err := s.DB.SelectContext(ctx, &more, `SELECT id FROM stations WHERE active = 1 AND area_code LIKE ? ORDER BY id LIMIT 5000`, pre+"%"); err != nil {
			return false, fmt.Errorf("consultations: stations: %w", err)
		}
		ids = append(ids, more...)
	}
	for _, st := range ids {
		ok, err := s.Reaches(ctx, s.DB, id, st)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

func (s *Service) areaNames(ctx context.Context, areas map[string]*AreaStats) (map[string]string, error) {
	names := map[string]string{}
	for code := range areas {
		var name string
		err := s.DB.GetContext(ctx, &name, `SELECT name FROM areas WHERE code = ?`, code)
		if err != nil && !store.IsNoRows(err) {
			return nil, fmt.Errorf("consultations: area: %w", err)
		}
		names[code] = name
	}
	return names, nil
}
