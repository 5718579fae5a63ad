package api_test

import (
	"testing"

	"github.com/liaison-stations/liaison/server/messages"
)

// messagesForTest builds the messages capability on the harness's parts.
func messagesForTest(t *testing.T, h *harness) *messages.Service {
	t.Helper()
	return messages.New(messages.Deps{DB: h.db.DB, Box: h.box, Notify: h.notify, Registry: h.registry, Log: h.logger})
}
