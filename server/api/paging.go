package api

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/store"
)

// pageOf reads ?limit= (default 20, max 100) and ?cursor= (opaque; made by listJSON).
func pageOf(c *gin.Context) (store.Page, bool) {
	p := store.Page{Limit: 20}
	f := apperr.FieldErrors{}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		f.Check(err != nil || n < 1 || n > 100, "limit", "每页数量应为 1 到 100")
		p.Limit = n
	}
	if v := c.Query("cursor"); v != "" {
		after, ok := decodeCursor(v)
		f.Check(!ok, "cursor", "翻页位置无效，请从第一页重新加载")
		p.After = after
	}
	if err := f.Err(); err != nil {
		fail(c, err)
		return p, false
	}
	return p, true
}

// listJSON answers {"items": [...], "next_cursor": "..."}; next is the row to
// continue after, zero at the end.
func listJSON[T any](c *gin.Context, items []T, next store.Cursor) {
	if items == nil {
		items = []T{}
	}
	c.JSON(http.StatusOK, gin.H{"items": items, "next_cursor": encodeCursor(next)})
}

// encodeCursor writes the (time, id) of the last row as base64 of
// "unix-nanoseconds.id": opaque to clients, empty at the end.
func encodeCursor(c store.Cursor) string {
	if c.IsZero() {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.At.UnixNano(), 10) + "." + strconv.FormatInt(c.ID, 10)))
}

// decodeCursor reads what encodeCursor wrote; anything else is not a cursor.
func decodeCursor(v string) (store.Cursor, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return store.Cursor{}, false
	}
	at, id, found := strings.Cut(string(raw), ".")
	if !found {
		return store.Cursor{}, false
	}
	ns, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || n <= 0 || ns < 0 {
		return store.Cursor{}, false
	}
	return store.Cursor{At: time.Unix(0, ns).UTC(), ID: n}, true
}
