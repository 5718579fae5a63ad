package notify

import (
	"encoding/json"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// miniProgramPages lists the pages of miniprogram/src/app.json: the main package's and each
// subpackage's, under its root.
func miniProgramPages(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "miniprogram", "src", "app.json"))
	require.NoError(t, err)
	type pkg struct {
		Root  string   `json:"root"`
		Pages []string `json:"pages"`
	}
	var app struct {
		Pages       []string `json:"pages"`
		SubPackages []pkg    `json:"subPackages"`
		Subpackages []pkg    `json:"subpackages"` // WeChat accepts either spelling
	}
	require.NoError(t, json.Unmarshal(data, &app))
	pages := map[string]bool{}
	for _, p := range app.Pages {
		pages[p] = true
	}
	for _, s := range append(app.SubPackages, app.Subpackages...) {
		for _, p := range s.Pages {
			pages[path.Join(s.Root, p)] = true
		}
	}
	require.NotEmpty(t, pages)
	return pages
}

func TestEveryNoticeCardOpensAPageOfTheMiniProgram(t *testing.T) {
	r, err := LoadRules(filepath.Join("..", "..", "configs", "notifications.yaml"))
	require.NoError(t, err)
	pages := miniProgramPages(t)
	known := make([]string, 0, len(pages))
	for p := range pages {
		known = append(known, p)
	}
	sort.Strings(known)
	for kind, k := range r.Kinds {
		if k.WeChat == nil {
			continue
		}
		t.Run(kind, func(t *testing.T) {
			page, query, _ := strings.Cut(k.WeChat.Page, "?")
			require.NotEmpty(t, page, "a card without a page opens the mini program's home; name the page")
			require.False(t, strings.HasPrefix(page, "/"), "WeChat wants the page without a leading /: %s", page)
			require.True(t, pages[page], "the card opens %q, which is not a page of miniprogram/src/app.json: %v", page, known)
			// the page must read each option the card sends (onLoad's options.<name>)
			src, err := os.ReadFile(filepath.Join("..", "..", "miniprogram", "src", filepath.FromSlash(page)+".ts"))
			require.NoError(t, err)
			q, err := url.ParseQuery(query)
			require.NoError(t, err)
			for name := range q {
				require.Contains(t, string(src), "options."+name, "%s does not read the option %q the card sends", page, name)
			}
		})
	}
}
