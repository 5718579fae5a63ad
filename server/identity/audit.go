package identity

import (
	"context"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/audit"
)

// roleLabels are the roles as the audit log names them.
var roleLabels = map[string]string{access.RoleAdmin: "管理员", access.RoleStaff: "工作人员", access.RoleDeputy: "代表"}

func roleLabel(role string) string {
	if l, ok := roleLabels[role]; ok {
		return l
	}
	return role
}

// auditSignIn records, in the sign-in's transaction, the sign-in of a user
// who holds a role. Citizens' sign-ins are not audited: they change nothing
// of anyone else's, and there are millions.
func auditSignIn(ctx context.Context, tx *sqlx.Tx, userID int64) error {
	var roles []string
	if err := tx.SelectContext(ctx, &roles, `SELECT DISTINCT role FROM user_roles WHERE user_id = ? ORDER BY role`, userID); err != nil {
		return err
	}
	if len(roles) == 0 {
		return nil
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = roleLabel(r)
	}
	return audit.Record(ctx, tx, &access.Principal{UserID: userID}, audit.SignInOK, audit.Subject("user", userID),
		"登录（"+strings.Join(names, "、")+"）")
}

// auditSignInFailed records a refused sign-in: no one is known, only the
// client's address (the request's context carries it) and why.
func (s *Service) auditSignInFailed(ctx context.Context, why string) error {
	return audit.Record(ctx, s.DB, nil, audit.SignInFailed, "", why)
}

// auditConsoleSignIn records, in the claim's transaction, that the browser
// of a console login request received its session: the approver is the
// actor, the address is the browser's.
func auditConsoleSignIn(ctx context.Context, tx *sqlx.Tx, row *consoleLoginRow) error {
	userID := row.ApprovedBy.Int64
	return audit.Record(ctx, tx, &access.Principal{UserID: userID, ClientIP: row.ClientIP}, audit.SignInConsole, audit.Subject("user", userID),
		"登录管理后台（"+DescribeBrowser(row.UserAgent)+"）")
}
