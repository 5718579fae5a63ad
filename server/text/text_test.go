package text

import (
	"testing"
)

func TestCleanKeepsWhatPeopleMeant(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain Chinese stays", "小区门口的红绿灯经常坏。", "小区门口的红绿灯经常坏。"},
		{"lines and tabs stay", "第一行\n第二行\t完", "第一行\n第二行\t完"},
		{"a Windows line end keeps its newline", "第一行\r\n第二行", "第一行\n第二行"},
		{"NUL and escape go", "a\x00b\x1b[31mc", "ab[31mc"},
		{"DEL and C1 go", "a\x7fb\u0085c\u009fd", "abcd"},
		{"a right-to-left override goes", "文件\u202egpj.exe", "文件gpj.exe"},
		{"isolates go", "\u2066张三\u2069", "张三"},
		{"emoji and full-width stay", "谢谢👍！", "谢谢👍！"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Clean(tc.in); got != tc.want {
				t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCleanAllReachesEveryString(t *testing.T) {
	type inner struct{ Name string }
	name := "李\u202e四"
	body := struct {
		Content  string
		Phone    *string
		Tags     []string
		Fields   map[string]string
		OnBehalf *inner
		People   []inner
		Count    int
		hidden   string
	}{
		Content: "内容\x00", Phone: &name, Tags: []string{"a\x01"}, Fields: map[string]string{"k": "v\x02"},
		OnBehalf: &inner{Name: "王\x03五"}, People: []inner{{Name: "赵\x04六"}}, Count: 3, hidden: "\x05",
	}
	CleanAll(&body)
	if body.Content != "内容" || *body.Phone != "李四" || body.Tags[0] != "a" || body.Fields["k"] != "v" ||
		body.OnBehalf.Name != "王五" || body.People[0].Name != "赵六" || body.Count != 3 || body.hidden != "\x05" {
		t.Errorf("not every exported string was cleaned: %+v", body)
	}
}
