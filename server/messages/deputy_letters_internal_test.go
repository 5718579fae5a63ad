package messages

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// A WeChat phrase is five Chinese characters at most, no digits.
func TestLettersPhraseIsFiveChineseCharactersAtMost(t *testing.T) {
	want := map[int]string{1: "来信一条", 3: "来信三条", 10: "来信十条", 12: "来信十二条", 20: "来信二十条", 25: "二十五条", 99: "九十九条", 100: "百条以上", 512: "百条以上"}
	for n, w := range want {
		assert.Equal(t, w, lettersPhrase(n), n)
	}
	for n := 1; n < 200; n++ {
		p := lettersPhrase(n)
		assert.LessOrEqual(t, utf8.RuneCountInString(p), 5, p)
		assert.NotRegexp(t, `[0-9A-Za-z]`, p)
	}
}
