package messages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/notify"
)

// Outcomes of a message's close by its author or by time, as the deputy it
// was written to is told (a phrase: five characters at most).
const (
	outcomeFulfilled = "承诺已落实"
	outcomeUnrated   = "逾期未评价"
)

// outcomeNotice tells the deputy a message was written to (handed over or
// not) how it ended when the close came from its author's rating, their
// word that a promise was kept, or the rating's deadline (staff's own close
// is deputyUpdate's): deputy_message_closed, once per message.
func (s *Service) outcomeNotice(ctx context.Context, tx *sqlx.Tx, r *row, outcome string) ([]notify.Due, error) {
	if r.AddresseeID == nil {
		return nil, nil
	}
	to, err := s.deputyRecipientIn(ctx, tx, *r.AddresseeID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.Notify.Create(ctx, tx, notify.Notice{Kind: "deputy_message_closed", To: to, Subject: subject(r.ID), StationID: r.StationID,
		Params:    map[string]string{"code": r.Code, "station_name": r.StationName, "outcome": outcome, "message_id": fmt.Sprint(r.ID)},
		DedupeKey: fmt.Sprintf("message:%d:deputy:%d:closed", r.ID, *r.AddresseeID)})
}
