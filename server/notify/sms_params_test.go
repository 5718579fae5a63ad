package notify

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The longest values the code fills SMS parameters with (issue #19 items 1
// and 2): a 40-character activity title, a 30-character employer name, and
// codes and dates at their full length.
var longestSMSDemo = map[string]string{
	"code":         "LX2611-7K3Q",
	"notice_code":  "7K3QX9MZ",
	"station_name": strings.Repeat("站", 30),
	"name":         "爱新觉罗·玄烨" + strings.Repeat("名", 23),
	"employer":     strings.Repeat("单", 30),
	"office":       strings.Repeat("办", 30),
	"title":        strings.Repeat("题", 40),
	"venue":        strings.Repeat("地", 40),
	"date":         "12月15日 09:30",
	"change":       strings.Repeat("改", 30),
	"step":         "答复",
	"kind_name":    strings.Repeat("类", 30),
	"period":       "2026年第4季度",
	"count":        "999999",
	"outcome":      "承诺已落实",
	"result":       "共999条意见，采纳999条、部分采纳999条",
}

// unCut are the parameters that are never cut: a code or a date cut short is wrong.
var unCut = []string{"code", "notice_code", "date"}

func TestEverySMSParameterFitsItsMaxLenFromTheLongestDemoValues(t *testing.T) {
	r, err := LoadRules(filepath.Join("..", "..", "configs", "notifications.yaml"))
	require.NoError(t, err)
	for name, k := range r.Kinds {
		if k.SMS == nil {
			continue
		}
		t.Run(name, func(t *testing.T) {
			for _, p := range k.SMS.Params {
				require.Contains(t, longestSMSDemo, p, "a demo value for %s", p)
			}
			out := smsParams(k.SMS, longestSMSDemo)
			for i, p := range k.SMS.Params {
				max := k.SMS.MaxLen[p]
				assert.Positive(t, max, "%s has a max_len", p)
				assert.LessOrEqual(t, max, 35, "%s: 35 characters is Tencent's common ceiling", p)
				assert.LessOrEqual(t, utf8.RuneCountInString(out[i]), max, "%s fits", p)
				assert.NotContains(t, strings.ToLower(out[i]), "http", "%s: Tencent allows no link in a variable", p)
				assert.NotContains(t, out[i], "/n/", "%s: Tencent allows no link in a variable", p)
				for _, whole := range unCut {
					if p == whole {
						assert.Equal(t, longestSMSDemo[p], out[i], "%s is sent whole", p)
					}
				}
				if utf8.RuneCountInString(longestSMSDemo[p]) > max {
					assert.True(t, strings.HasSuffix(out[i], "…"), "%s is cut with …", p)
				}
			}
		})
	}
}

func TestCutSMS(t *testing.T) {
	assert.Equal(t, "短标题", cutSMS("短标题", 20))
	assert.Equal(t, "一二三…", cutSMS("一二三四五", 4))
	assert.Equal(t, "一二三四", cutSMS("一二三四", 4))
}

// The proposed template texts of docs/deploy.md §4 name each kind's
// parameters in the order of configs/notifications.yaml, put no variable
// right after another (Tencent refuses adjacent variables), and write a
// link only as constant text.
func TestTheDeployGuidesSMSTemplatesHaveNoLinkVariableAndNoAdjacentVariables(t *testing.T) {
	r, err := LoadRules(filepath.Join("..", "..", "configs", "notifications.yaml"))
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "deploy.md"))
	require.NoError(t, err)
	row := regexp.MustCompile("(?m)^\\| `(\\w+)` \\((\\d+)\\) \\| ([\\w, ]+) \\| (.+) \\|$")
	seen := map[string]bool{}
	for _, m := range row.FindAllStringSubmatch(string(data), -1) {
		kind, id, params, text := m[1], m[2], strings.Split(m[3], ", "), m[4]
		k, ok := r.Kinds[kind]
		if !assert.True(t, ok && k.SMS != nil, "%s is a kind with an SMS", kind) {
			continue
		}
		seen[kind] = true
		assert.Equal(t, k.SMS.TemplateID, id, kind)
		assert.Equal(t, k.SMS.Params, params, "%s: the parameters in order", kind)
		assert.NotRegexp(t, `\}\s*\{`, text, "%s: no two variables adjacent", kind)
		assert.NotRegexp(t, `https?://\S*\{\d\}`, text, "%s: no variable inside a link", kind)
		for i := range params {
			assert.Contains(t, text, fmt.Sprintf("{%d}", i+1), kind)
		}
	}
	for kind, k := range r.Kinds {
		if k.SMS != nil {
			assert.True(t, seen[kind], "docs/deploy.md proposes a text for %s", kind)
		}
	}
}
