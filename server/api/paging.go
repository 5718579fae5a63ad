package api

import (
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

// encodeCursor and decodeCursor: store.EncodeCursor and store.DecodeCursor
// (the console's pages link with the same cursors).
func encodeCursor(c store.Cursor) string { return store.EncodeCursor(c) }

func decodeCursor(v string) (store.Cursor, bool) { return store.DecodeCursor(v) }
