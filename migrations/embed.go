// Package migrations embeds the numbered SQL migrations so that the liaison
// binary carries its own schema. `embed` cannot reach a parent folder, which
// is why this file lives beside the SQL.
package migrations

import "embed"

// FS holds every *.sql file of this folder.
//
//go:embed *.sql
var FS embed.FS
