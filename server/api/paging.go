package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/store"
)

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
