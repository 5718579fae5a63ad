package devmode

import (
	"context"

	"github.com/liaison-stations/liaison/server/app"
)

// seedMessages is the place for a few demo messages in different states
// (submitted, being handled, answered and rated) once the messages
// capability exists: server/messages has only its categories so far.
func seedMessages(ctx context.Context, a *app.App, d *Demo) error {
	// TODO(messages): seed messages in several states through the messages capability.
	return nil
}
