package registry

import (
	"context"
	"fmt"

	"github.com/liaison-stations/liaison/server/store"
)

// DeputyStation is a station a deputy serves, as the public sees it.
type DeputyStation struct {
	ID   int64  `json:"id" db:"id"`
	Name string `json:"name" db:"name"`
}

// DeputyCard is a deputy as anyone may see them, opened from their code:
// no phone, no employer. A deputy whose term ended shows Active false, so
// that the page can point to their station instead.
type DeputyCard struct {
	ID       int64           `json:"id"`
	Name     string          `json:"name"`
	Levels   []string        `json:"levels"`
	Active   bool            `json:"active"`
	Stations []DeputyStation `json:"stations"`
}

// PublicDeputy is the public card of any deputy (ErrDeputyNotFound when
// there is none); their stations are the active ones, by id.
func (s *Service) PublicDeputy(ctx context.Context, id int64) (*DeputyCard, error) {
	return s.DeputyCardIn(ctx, s.DB, id)
}

// DeputyCardIn is PublicDeputy read through q (a caller's transaction).
func (s *Service) DeputyCardIn(ctx context.Context, q store.Queryer, id int64) (*DeputyCard, error) {
	var r struct {
		ID     int64  `db:"id"`
		Name   string `db:"name"`
		Levels string `db:"levels"`
		Active bool   `db:"active"`
	}
	err := q.GetContext(ctx, &r, `SELECT id, name, levels, active FROM deputies WHERE id = ?`, id)
	if store.IsNoRows(err) {
		return nil, ErrDeputyNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("registry: public deputy: %w", err)
	}
	card := &DeputyCard{ID: r.ID, Name: r.Name, Levels: splitList(r.Levels), Active: r.Active, Stations: []DeputyStation{}}
	err = q.SelectContext(ctx, &card.Stations, `SELECT st.id, st.name FROM station_deputies sd
		JOIN stations st ON st.id = sd.station_id WHERE sd.deputy_id = ? AND st.active = 1 ORDER BY st.id`, id)
	if err != nil {
		return nil, fmt.Errorf("registry: public deputy's stations: %w", err)
	}
	return card, nil
}
