package notify

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// trackingCodeVariants are the other names a message's code (LX2403-7K3Q) has been
// given. It is 查询码 everywhere a person reads it: the mini program, the SMS texts, the
// console and the docs. A bare 编号 stays allowed (联络站编号, 用户编号 are other
// things); 编号 right before an SMS variable ({1}) or the code itself is not.
var trackingCodeVariants = regexp.MustCompile(`查询编号|留言编号|受理编号|跟踪编号|追踪编号|留言单号|留言号|留言码|查询号|跟踪码|追踪码|跟踪号|追踪号|编号\s*\{\d\}|编号[：:\s]*LX\d{4}-`)

func TestTheTrackingCodeIsCalled查询码(t *testing.T) {
	root := filepath.Join("..", "..")
	var files []string
	for _, pattern := range []string{"configs/*.yaml", "docs/*.md", "README.md", "server/console/templates/*.html"} {
		m, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(pattern)))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	// the user-facing strings of the server (its tests may name the old words)
	err := filepath.WalkDir(filepath.Join(root, "server"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("only %d files found: is the test run from server/notify?", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if w := trackingCodeVariants.FindString(line); w != "" {
				rel, _ := filepath.Rel(root, f)
				t.Errorf("%s:%d calls the message's code %q; it is 查询码: %s", rel, i+1, w, strings.TrimSpace(line))
			}
		}
	}
}
