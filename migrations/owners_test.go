package migrations_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/liaison-stations/liaison/migrations"
)

// owners is the one package that writes each table (docs/architecture.md):
// the others ask it, passing their transaction where the write belongs to it.
var owners = map[string]string{
	"areas":                "server/registry",
	"stations":             "server/registry",
	"station_codes":        "server/registry",
	"deputy_codes":         "server/registry",
	"deputies":             "server/registry",
	"station_deputies":     "server/registry",
	"deputy_groups":        "server/registry",
	"deputy_group_members": "server/registry",
	"units":                "server/registry",
	"deputy_imports":       "server/registry",
	"deputy_import_rows":   "server/registry",
	"users":                "server/identity",
	"user_roles":           "server/identity",
	"role_stations":        "server/identity",
	"invites":              "server/identity",
	"sessions":             "server/identity",
	"console_logins":       "server/identity",
	"notifications":        "server/notify",
	"subscription_grants":  "server/notify",
	"messages":             "server/messages",
	"message_events":       "server/messages",
	"message_tallies":      "server/messages",
	"uploads":              "server/messages",
	"activities":           "server/activities",
	"activity_invitees":    "server/activities",
	"activity_checkins":    "server/activities",
	"employer_notices":     "server/activities",
	"audit_log":            "server/audit",

	// 立法征询: the drafts, their articles and reach, and the opinions on them.
	"consultations":         "server/consultations",
	"consultation_stations": "server/consultations",
	"consultation_articles": "server/consultations",
	"consultation_opinions": "server/consultations",

	// The 工作台's region-wide count by category (server/messages/dashboard.go).
	"message_category_tallies": "server/messages",
}

// fixtures may write any table: they seed test databases (areas), they do
// not serve.
var fixtures = []string{"server/testkit"}

var createTable = regexp.MustCompile(`(?i)CREATE TABLE\s+(?:IF NOT EXISTS\s+)?` + "`?" + `([a-z_]+)`)

// A write names its table right after the verb. SQL here is written in
// capitals; "ON DUPLICATE KEY UPDATE col" names a column, not a table.
var write = regexp.MustCompile(`(KEY\s+)?\b(INSERT\s+(?:IGNORE\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+` + "`?" + `([a-z_]+)`)

func tables(t *testing.T) []string {
	t.Helper()
	files, err := fs.Glob(migrations.FS, "*.up.sql")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		b, err := fs.ReadFile(migrations.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range createTable.FindAllStringSubmatch(string(b), -1) {
			out = append(out, m[1])
		}
	}
	return out
}

func TestEveryTableHasAnOwner(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "architecture.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables(t) {
		owner, ok := owners[table]
		if !ok {
			t.Errorf("table %s has no owner: add it to owners here and to docs/architecture.md", table)
			continue
		}
		row := "| `" + table + "` | `" + owner + "` |"
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/architecture.md does not name %s's owner: want a row beginning %q", table, row)
		}
	}
}

// TestOnlyTheOwnerWritesATable reads every package's Go (tests aside) and
// fails on an INSERT, UPDATE or DELETE of a table by a package that does not
// own it.
func TestOnlyTheOwnerWritesATable(t *testing.T) {
	known := map[string]bool{}
	for _, table := range tables(t) {
		known[table] = true
	}
	writers := map[string][]string{}
	for _, root := range []string{"server", "jobs"} {
		err := filepath.WalkDir(filepath.Join("..", root), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("..", filepath.Dir(path))
			pkg := filepath.ToSlash(rel)
			for _, m := range write.FindAllStringSubmatch(string(b), -1) {
				table := m[3]
				if m[1] != "" || !known[table] {
					continue
				}
				if !slices.Contains(writers[table], pkg) {
					writers[table] = append(writers[table], pkg)
				}
				if owner := owners[table]; pkg != owner && !isFixture(pkg) {
					t.Errorf("%s writes %s (%s %s), which %s owns: call the owner instead", path, table, m[2], table, owner)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(writers) == 0 {
		t.Fatal("found no writes at all: is the pattern still right?")
	}
	var names []string
	for table := range writers {
		names = append(names, table)
	}
	sort.Strings(names)
	for _, table := range names {
		t.Logf("%-22s written by %s", table, strings.Join(writers[table], ", "))
	}
}

func isFixture(pkg string) bool {
	for _, f := range fixtures {
		if pkg == f || strings.HasPrefix(pkg, f+"/") {
			return true
		}
	}
	return false
}
