package notify

import (
	"context"
	"fmt"
	"strconv"

	"github.com/liaison-stations/liaison/server/sms"
)

// ApplyReceipts marks SMS notices delivered or failed from the provider's
// delivery receipts. Receipts of unknown serial numbers are ignored (they may
// belong to another system on the same account). It returns how many rows
// changed.
func (e *Engine) ApplyReceipts(ctx context.Context, receipts []sms.Receipt) (int, error) {
	changed := 0
	for _, rc := range receipts {
		if rc.SerialNo == "" && rc.SessionContext == "" {
			continue
		}
		status, detail := StatusDelivered, ""
		if !rc.Delivered {
			status, detail = StatusFailed, "回执：未送达 "+rc.ErrMsg
		}
		at := rc.At
		if at.IsZero() {
			at = e.Clock.Now()
		}
		// A row whose send ended unknown has no serial number; where the
		// account echoes SessionContext (the row id), that settles it.
		id, _ := strconv.ParseInt(rc.SessionContext, 10, 64)
		res, err := e.DB.ExecContext(ctx, `UPDATE notifications SET status = ?, delivered_at = ?, last_error = ?, updated_at = ?,
			provider_id = COALESCE(provider_id, ?)
			WHERE channel = 'sms' AND ((provider_id = ? AND status IN ('sent', 'unknown')) OR (id = ? AND status = 'unknown'))`,
			status, at, truncate(detail, 500), e.Clock.Now(), nullable(rc.SerialNo), rc.SerialNo, id)
		if err != nil {
			return changed, fmt.Errorf("notify: receipt: %w", err)
		}
		n, _ := res.RowsAffected()
		changed += int(n)
	}
	return changed, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
