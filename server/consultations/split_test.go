package consultations

import (
	"fmt"
	"strings"
	"testing"
)

func TestChineseNumbers(t *testing.T) {
	cases := map[string]int{"一": 1, "十": 10, "十二": 12, "二十": 20, "二十一": 21, "九十九": 99, "一百": 100,
		"一百零一": 101, "一百一十": 110, "一百二十三": 123, "两百": 200, "一千零二十": 1020, "12": 12, "１２": 12}
	for in, want := range cases {
		if got, ok := chineseNumber(in); !ok || got != want {
			t.Errorf("%s: got %d %v, want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "甲", "零"} {
		if _, ok := chineseNumber(bad); ok {
			t.Errorf("%q read as a number", bad)
		}
	}
}

const sampleDraft = `南宁市城市绿化条例（草案）

第一章　总　则

第一条　为了促进城市绿化事业的发展，改善生态环境，根据有关法律、法规，结合本市实际，制定本条例。
第二条　本条例适用于本市城市规划区内的城市绿化规划、建设、保护和管理。

第二章　规划和建设
第一节　一般规定
第三条 城市绿化规划应当符合下列要求：
（一）与国土空间总体规划相衔接；
（二）保护和利用自然山水；
（三）方便群众游憩。
依照第三条规定编制的规划，应当向社会公布。
第四条　新建居住区的绿地率不得低于百分之三十。

附　则

第五条　本条例自2024年1月1日起施行。`

func TestSplitKeepsChaptersSectionsAndItems(t *testing.T) {
	s := SplitText(sampleDraft)
	if got := strings.Join(s.Chapters, "|"); got != "第一章 总则|第二章 规划和建设|附则" {
		t.Fatalf("chapters: %s", got)
	}
	if len(s.Articles) != 5 {
		t.Fatalf("articles: %d %+v", len(s.Articles), s.Articles)
	}
	want := []struct{ number, chapter string }{
		{"第一条", "第一章 总则"}, {"第二条", "第一章 总则"}, {"第三条", "第二章 规划和建设 第一节 一般规定"},
		{"第四条", "第二章 规划和建设 第一节 一般规定"}, {"第五条", "附则"},
	}
	for i, w := range want {
		if a := s.Articles[i]; a.Number != w.number || a.Chapter != w.chapter {
			t.Errorf("article %d: %s in %q, want %s in %q", i, a.Number, a.Chapter, w.number, w.chapter)
		}
	}
	third := s.Articles[2].Text
	if !strings.Contains(third, "（一）与国土空间总体规划相衔接；\n（二）保护和利用自然山水；\n（三）方便群众游憩。") {
		t.Errorf("the items left article 3: %q", third)
	}
	if !strings.Contains(third, "依照第三条规定编制的规划") {
		t.Errorf("a line quoting 第三条 was taken for a heading: %q", third)
	}
	if s.Articles[0].Text != "为了促进城市绿化事业的发展，改善生态环境，根据有关法律、法规，结合本市实际，制定本条例。" {
		t.Errorf("article 1 text: %q", s.Articles[0].Text)
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "标题") {
		t.Errorf("warnings: %v (the title line should be the only one)", s.Warnings)
	}
}

func TestSplitPastOneHundredArticles(t *testing.T) {
	var b strings.Builder
	b.WriteString("第一章 总则\n")
	for n := 1; n <= 101; n++ {
		if n == 100 {
			b.WriteString("第十章 附则\n")
		}
		fmt.Fprintf(&b, "第%s条 内容%d。\n", chinese(n), n)
	}
	s := SplitText(b.String())
	if len(s.Articles) != 101 {
		t.Fatalf("articles: %d", len(s.Articles))
	}
	last := s.Articles[100]
	if last.Number != "第一百零一条" || last.N != 101 || last.Chapter != "第十章 附则" || last.Text != "内容101。" {
		t.Errorf("last: %+v", last)
	}
	if s.Articles[99].Number != "第一百条" || s.Articles[10].Number != "第十一条" || s.Articles[19].Number != "第二十条" {
		t.Errorf("numbers: %s %s %s", s.Articles[99].Number, s.Articles[10].Number, s.Articles[19].Number)
	}
	if len(s.Warnings) != 0 {
		t.Errorf("warnings: %v", s.Warnings)
	}
}

func TestSplitWarnsOfGapsAndFindsNothingInProse(t *testing.T) {
	s := SplitText("第一条 甲。\n第三条 丙。")
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "不连续") {
		t.Errorf("warnings: %v", s.Warnings)
	}
	if s := SplitText("这是一段说明文字，没有条文。"); len(s.Articles) != 0 {
		t.Errorf("articles in prose: %+v", s.Articles)
	}
}

// chinese writes 1–199 the way drafts number articles.
func chinese(n int) string {
	d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	out := ""
	if n >= 100 {
		out, n = d[n/100]+"百", n%100
		if n > 0 && n < 10 {
			return out + "零" + d[n]
		}
		if n >= 10 && n < 20 {
			return out + "一十" + d[n%10]
		}
	}
	if n >= 20 {
		out += d[n/10] + "十" + d[n%10]
	} else if n >= 10 {
		out += "十" + d[n%10]
	} else {
		out += d[n]
	}
	return out
}
