package api

import (
	"encoding/base64"
	"net/http"
	"strconv"

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
		raw, err := base64.RawURLEncoding.DecodeString(v)
		var after int64
		if err == nil {
			after, err = strconv.ParseInt(string(raw), 10, 64)
		}
		f.Check(err != nil || after < 0, "cursor", "翻页位置无效，请从第一页重新加载")
		p.After = after
	}
	if err := f.Err(); err != nil {
		fail(c, err)
		return p, false
	}
	return p, true
}

// listJSON answers {"items": [...], "next_cursor": "..."}; next is the id to
// continue after, 0 at the end.
func listJSON[T any](c *gin.Context, items []T, next int64) {
	if items == nil {
		items = []T{}
	}
	cursor := ""
	if next > 0 {
		cursor = base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(next, 10)))
	}
	c.JSON(http.StatusOK, gin.H{"items": items, "next_cursor": cursor})
}
