//go:build preview

package console_test

import "github.com/liaison-stations/liaison/server/devmode"

// The 群众留言 pages in the preview (the 工作台 is "home" in preview_test.go).
// The demo's messages are the first three of a fresh database: 1 waits to
// be accepted, 2 is assigned to the convenor deputy, 3 is answered and rated.
func init() {
	previews = append(previews,
		preview{Name: "messages", Path: func(*devmode.Demo) string { return "/console/messages" }},
		preview{Name: "message", Path: func(*devmode.Demo) string { return "/console/messages/2" }},
		preview{Name: "message-new", Path: func(*devmode.Demo) string { return "/console/messages/new" }},
	)
}
