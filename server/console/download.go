package console

import (
	"fmt"
	"strconv"
	"strings"
)

// xlsxType is the Content-Type of the console's Excel downloads.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// contentDisposition names an attachment: fallback (ASCII) for old
// clients, and the Chinese name in RFC 5987's filename*.
func contentDisposition(fallback, name string) string {
	const attrChar = "!#$&+-.^_`|~"
	var b strings.Builder
	for _, c := range []byte(name) {
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || strings.IndexByte(attrChar, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return `attachment; filename="` + fallback + `"; filename*=UTF-8''` + b.String()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
