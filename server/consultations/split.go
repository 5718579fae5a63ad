package consultations

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Split is a draft cut into articles, for staff to check before they
// publish: the chapters in order, every article with the chapter it stands
// in, and warnings about what looks wrong (a number skipped or repeated,
// text before the first article).
type Split struct {
	Chapters []string       `json:"chapters"`
	Articles []SplitArticle `json:"articles"`
	Warnings []string       `json:"warnings"`
}

// SplitArticle is one article of a Split.
type SplitArticle struct {
	// Number is the article's heading as written: "第一条".
	Number string `json:"number"`
	// Chapter is the chapter (and section) it stands in: "第一章 总则",
	// "第二章 监督管理 第一节 一般规定", "附则"; "" before any chapter.
	Chapter string `json:"chapter"`
	// Text is the article's text without its heading; items （一）（二）
	// stay in it, each on its own line.
	Text string `json:"text"`
	// N is the article's number as a number (第一百零一条: 101).
	N int `json:"-"`
}

const numeral = `[零〇一二两三四五六七八九十百千0-9０-９]+`

var (
	chapterHead = regexp.MustCompile(`^第(` + numeral + `)章(?:[\s　]*(.*))?$`)
	sectionHead = regexp.MustCompile(`^第(` + numeral + `)节(?:[\s　]*(.*))?$`)
	articleHead = regexp.MustCompile(`^第(` + numeral + `)条(.*)$`)
	spaces      = regexp.MustCompile(`[\s　]+`)
)

// notHeading are the characters that, right after 第X条 with no space,
// show a sentence that quotes an article ("第三条规定的……") rather than an
// article's heading.
const notHeading = "规所的之中至和、，。或及第款项例"

// SplitText cuts a draft into chapters and articles on its 第X章, 第X节
// and 第X条 headings, each at the start of a line. A line "附则" (spaces
// allowed) is a chapter too. Text before the first article (the draft's
// title, a preamble) belongs to no article and is reported in Warnings.
func SplitText(text string) Split {
	out := Split{Chapters: []string{}, Articles: []SplitArticle{}, Warnings: []string{}}
	chapter, section := "", ""
	var cur *SplitArticle
	var body []string
	flush := func() {
		if cur != nil {
			cur.Text = strings.TrimSpace(strings.Join(body, "\n"))
			out.Articles = append(out.Articles, *cur)
		}
		cur, body = nil, nil
	}
	label := func() string {
		if section == "" {
			return chapter
		}
		return strings.TrimSpace(chapter + " " + section)
	}
	preamble := false
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(strings.Trim(line, "　"))
		if line == "" {
			continue
		}
		compact := spaces.ReplaceAllString(line, "")
		switch m := chapterHead.FindStringSubmatch(line); {
		case m != nil:
			flush()
			chapter, section = headingLabel("第"+m[1]+"章", m[2]), ""
			out.Chapters = append(out.Chapters, chapter)
			continue
		case compact == "附则":
			flush()
			chapter, section = "附则", ""
			out.Chapters = append(out.Chapters, chapter)
			continue
		}
		if m := sectionHead.FindStringSubmatch(line); m != nil {
			flush()
			section = headingLabel("第"+m[1]+"节", m[2])
			continue
		}
		if m := articleHead.FindStringSubmatch(line); m != nil && isHeading(m[2]) {
			n, ok := chineseNumber(m[1])
			if ok {
				flush()
				cur = &SplitArticle{Number: "第" + m[1] + "条", Chapter: label(), N: n}
				if rest := strings.TrimSpace(strings.Trim(m[2], "　")); rest != "" {
					body = append(body, rest)
				}
				continue
			}
		}
		if cur == nil {
			preamble = true
			continue
		}
		body = append(body, line)
	}
	flush()
	if preamble && len(out.Articles) > 0 {
		out.Warnings = append(out.Warnings, "第一条之前的文字（如标题、序言）不属于任何条文，未计入条文")
	}
	for i, a := range out.Articles {
		if a.Text == "" {
			out.Warnings = append(out.Warnings, a.Number+"没有内容")
		}
		if i > 0 && a.N != out.Articles[i-1].N+1 {
			out.Warnings = append(out.Warnings, fmt.Sprintf("%s之后是%s，条文序号不连续，请检查", out.Articles[i-1].Number, a.Number))
		}
	}
	if len(out.Articles) > 0 && out.Articles[0].N != 1 {
		out.Warnings = append(out.Warnings, "条文不是从第一条开始，请检查")
	}
	return out
}

// headingLabel is "第一章 总则": the number and the title, one space between.
func headingLabel(number, title string) string {
	title = strings.TrimSpace(spaces.ReplaceAllString(title, " "))
	if title == "" {
		return number
	}
	// "附 则" is written spaced out: keep it as one word.
	if utf8.RuneCountInString(spaces.ReplaceAllString(title, "")) <= 4 {
		title = spaces.ReplaceAllString(title, "")
	}
	return number + " " + title
}

// isHeading reports whether what follows 第X条 makes it a heading: a space,
// the end of the line, or text that does not read as a quotation of it.
func isHeading(rest string) bool {
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if r == ' ' || r == '　' || r == '\t' {
		return true
	}
	return !strings.ContainsRune(notHeading, r)
}

// chineseNumber reads 一, 十二, 二十, 一百零一, 一百一十, 一千零二十,
// 两百, or Arabic digits (full or half width).
func chineseNumber(s string) (int, bool) {
	digits := map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	units := map[rune]int{'十': 10, '百': 100, '千': 1000}
	arabic, n := true, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int(r-'0')
		case r >= '０' && r <= '９':
			n = n*10 + int(r-'０')
		default:
			arabic = false
		}
	}
	if arabic {
		return n, n > 0
	}
	total, digit, seen := 0, -1, false
	for _, r := range s {
		if d, ok := digits[r]; ok {
			digit, seen = d, true
			continue
		}
		u, ok := units[r]
		if !ok {
			return 0, false
		}
		if digit < 0 {
			digit = 1 // 十二: 一十二
		}
		total += digit * u
		digit, seen = -1, true
	}
	if digit > 0 {
		total += digit
	}
	return total, seen && total > 0
}
