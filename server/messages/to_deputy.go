package messages

import (
	"context"
	"fmt"
	"slices"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/registry"
)

// Addressee is the deputy a message was written to (代表码); a message to a
// station has none.
type Addressee struct {
	ID   int64  `json:"id" db:"id"`
	Name string `json:"name" db:"name"`
}

var (
	errDeputyInactive  = apperr.Conflict("deputy_inactive", "这位代表已不再接收留言，请给联络站留言")
	errDeputyNoStation = apperr.Conflict("deputy_without_station", "这位代表暂未加入联络站，请给联络站留言")
)

// ToDeputy is a message written to a deputy: the station intake's fields,
// and the station of the deputy it goes to (0: the first of their
// stations by id).
type ToDeputy struct {
	Input
	StationID int64 `json:"station_id"`
}

// SubmitToDeputy records a citizen's message to a deputy: a message of one
// of the deputy's stations with the deputy as its addressee, under the
// station intake's rules. A deputy whose term ended, or who serves no
// station, takes none.
func (s *Service) SubmitToDeputy(ctx context.Context, p *access.Principal, deputyID int64, in ToDeputy, o Origin) (*Created, error) {
	if p == nil || p.UserID == 0 {
		return nil, apperr.Unauthorized("unauthorized", "请先登录")
	}
	return s.submit(ctx, p, destination{deputyID: deputyID, stationID: in.StationID}, in.Input, o, false)
}

// destination is where a submission goes: a station, or a deputy and
// (optionally) which of their stations.
type destination struct {
	stationID int64
	deputyID  int64
}

// resolve is the station the message is stored at and its addressee (nil
// for a message to a station).
func (s *Service) resolve(ctx context.Context, to destination) (int64, *Addressee, error) {
	if to.deputyID == 0 {
		return to.stationID, nil, nil
	}
	card, err := s.Registry.PublicDeputy(ctx, to.deputyID)
	if err != nil {
		return 0, nil, err
	}
	if !card.Active {
		return 0, nil, errDeputyInactive
	}
	if len(card.Stations) == 0 {
		return 0, nil, errDeputyNoStation
	}
	addressee := &Addressee{ID: card.ID, Name: card.Name}
	if to.stationID == 0 {
		return card.Stations[0].ID, addressee, nil
	}
	if !slices.ContainsFunc(card.Stations, func(st registry.DeputyStation) bool { return st.ID == to.stationID }) {
		return 0, nil, apperr.Invalid(map[string]string{"station_id": fmt.Sprintf("%s代表不在这个联络站，请重新选择", card.Name)})
	}
	return to.stationID, addressee, nil
}
