package notify

import (
	"context"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/apperr"
)

// RecordGrants records what wx.requestSubscribeMessage granted a user: each
// accepted one-time template allows one more send; a long-term template
// (configured) stays granted. Template ids the service does not use are
// refused, so that a client bug shows.
func (e *Engine) RecordGrants(ctx context.Context, userID int64, accepted []string) (map[string]int, error) {
	keys := make([]string, 0, len(accepted))
	f := apperr.FieldErrors{}
	for _, id := range accepted {
		k, ok := e.templateKey(id)
		if !ok {
			f.Add("accepted", "未知的订阅消息模板："+id)
			continue
		}
		keys = append(keys, k)
	}
	f.Check(len(accepted) == 0 || len(accepted) > 20, "accepted", "须为 1–20 个模板 id")
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := e.Clock.Now()
	err := e.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		for _, k := range keys {
			long := slices.Contains(e.Rules.LongTermTemplates, k)
			_, err := tx.ExecContext(ctx, `INSERT INTO subscription_grants (user_id, template_key, remaining, long_term, updated_at)
				VALUES (?, ?, 1, ?, ?) ON DUPLICATE KEY UPDATE remaining = remaining + 1, long_term = VALUES(long_term), updated_at = VALUES(updated_at)`,
				userID, k, long, now)
			if err != nil {
				return fmt.Errorf("notify: grant: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return e.Grants(ctx, userID)
}

// Grants returns the sends each template still allows a user (-1: long-term).
func (e *Engine) Grants(ctx context.Context, userID int64) (map[string]int, error) {
	var rows []struct {
		Key       string `db:"template_key"`
		Remaining int    `db:"remaining"`
		LongTerm  bool   `db:"long_term"`
	}
	if err := e.DB.SelectContext(ctx, &rows, `SELECT template_key, remaining, long_term FROM subscription_grants WHERE user_id = ?`, userID); err != nil {
		return nil, fmt.Errorf("notify: grants: %w", err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Key] = r.Remaining
		if r.LongTerm {
			out[r.Key] = -1
		}
	}
	return out, nil
}

// takeGrant uses up one send of a user's grant for a template, inside tx.
func (e *Engine) takeGrant(ctx context.Context, tx *sqlx.Tx, userID int64, key string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE subscription_grants SET remaining = remaining - 1, updated_at = ?
		WHERE user_id = ? AND template_key = ? AND long_term = 0 AND remaining > 0`, e.Clock.Now(), userID, key)
	if err != nil {
		return false, fmt.Errorf("notify: take grant: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return true, nil
	}
	var long int
	if err := tx.GetContext(ctx, &long, `SELECT COUNT(*) FROM subscription_grants WHERE user_id = ? AND template_key = ? AND long_term = 1`, userID, key); err != nil {
		return false, fmt.Errorf("notify: grant: %w", err)
	}
	return long > 0, nil
}

// returnGrant gives back a send taken for a notice that was not created.
func (e *Engine) returnGrant(ctx context.Context, tx *sqlx.Tx, userID int64, key string) error {
	_, err := tx.ExecContext(ctx, `UPDATE subscription_grants SET remaining = remaining + 1 WHERE user_id = ? AND template_key = ? AND long_term = 0`, userID, key)
	if err != nil {
		return fmt.Errorf("notify: return grant: %w", err)
	}
	return nil
}

// dropGrant forgets a user's grant after WeChat refused a message for it
// (43101): WeChat knows better than our count.
func (e *Engine) dropGrant(ctx context.Context, userID int64, key string) error {
	_, err := e.DB.ExecContext(ctx, `UPDATE subscription_grants SET remaining = 0, long_term = 0, updated_at = ? WHERE user_id = ? AND template_key = ?`, e.Clock.Now(), userID, key)
	if err != nil {
		return fmt.Errorf("notify: drop grant: %w", err)
	}
	return nil
}
