package identity_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestAConsoleSignInIsAuditedWithTheBrowsersAddress(t *testing.T) {
	s := wired.New(t)
	token, userID := s.User(t, access.Grant{Role: access.RoleAdmin})
	start, err := s.Identity.StartConsoleLogin(t.Context(), "203.0.113.20", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36")
	require.NoError(t, err)
	_, err = s.Identity.ApproveConsoleLogin(t.Context(), s.As(t, token), start.ID)
	require.NoError(t, err)
	assert.Zero(t, s.DB.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'signin.console'`), "not before the browser has its session")

	claim, err := s.Identity.ClaimConsoleLogin(t.Context(), start.ID, start.Secret)
	require.NoError(t, err)
	require.NotEmpty(t, claim.Token)
	assert.Equal(t, 1, s.DB.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'signin.console' AND actor_user_id = ? AND client_ip = '203.0.113.20'
		AND subject = CONCAT('user:', ?)`, userID, userID))
	_, err = s.Identity.ClaimConsoleLogin(t.Context(), start.ID, start.Secret)
	require.NoError(t, err)
	assert.Equal(t, 1, s.DB.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'signin.console'`), "a second poll opens nothing")
}
