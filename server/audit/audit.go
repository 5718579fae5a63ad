// Package audit is the audit log (操作日志): one row for every change staff
// make, written by Record in the transaction of the change, and for
// sign-ins, failed sign-ins and revocations. Admins read and export it
// (Service.List, Service.Export); nothing in the application edits a row, and
// only the retention job (Service.Purge) deletes rows, once they are older
// than the configured retention.
//
// audit sits below the capabilities, beside notify: every capability
// imports it, it imports none of them.
package audit

import (
	"context"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

// summaryMax is the length of audit_log.summary, in characters.
const summaryMax = 500

// OperatorName is the actor of a principal with no user: the operator at
// the server's command line (liaison admin invite, liaison admin revoke).
const OperatorName = "命令行操作员"

// Record writes one audit row in q, the caller's transaction, so that the
// row commits with the change or not at all. p is who acted (nil: no one
// known, as for a failed sign-in; a principal with no user: the operator at
// the command line); their address is p.ClientIP, else the
// one the request's context carries (access.WithClientIP). action is one of
// the names of Label; subject names what changed (Subject("station", 12));
// summary says what changed in a sentence: long numbers in it (phones, ID
// cards) are masked, and it is cut to 500 characters.
//
// The time is the database's (UTC). The actor's name is that of the deputy
// the user is bound to when the row is written, read from identity's and
// registry's tables (a read only, as a report may), so that a later
// revocation does not change what the log says.
func Record(ctx context.Context, q store.Queryer, p *access.Principal, action, subject, summary string) error {
	var actor any
	name := ""
	if p != nil && p.UserID == 0 {
		name = OperatorName
	}
	if p != nil && p.UserID != 0 {
		actor = p.UserID
		// A plain read (no lock): the actor's rows are not the change's.
		if err := q.GetContext(ctx, &name, `SELECT COALESCE((SELECT LEFT(d.name, 64) FROM users u JOIN deputies d ON d.id = u.deputy_id
			WHERE u.id = ?), '')`, p.UserID); err != nil {
			return fmt.Errorf("audit: actor: %w", err)
		}
	}
	_, err := q.ExecContext(ctx, `INSERT INTO audit_log (at, actor_user_id, actor_name, client_ip, action, subject, summary)
		VALUES (UTC_TIMESTAMP(3), ?, ?, ?, ?, ?, ?)`,
		actor, name, clip(access.ClientIP(ctx, p), 45), action, clip(subject, 64), clip(pii.MaskPhones(summary), summaryMax))
	if err != nil {
		return fmt.Errorf("audit: record %s %s: %w", action, subject, err)
	}
	return nil
}

// Subject names a thing as the audit log does: Subject("station", 12) is "station:12".
func Subject(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
