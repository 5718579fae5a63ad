package console

import (
	"net/http"
	"strconv"

	"github.com/liaison-stations/liaison/server/store"
)

// page reads a list's ?cursor= for a page of size rows: none is the first
// page; one that is not a cursor (a link cut short) is a plain 400 page that
// says to start again, not a list that quietly starts over.
func (c *Console) page(w http.ResponseWriter, r *http.Request, size int) (store.Page, bool) {
	p := store.Page{Limit: size}
	if v := r.URL.Query().Get("cursor"); v != "" {
		after, ok := store.DecodeCursor(v)
		if !ok {
			c.renderError(w, r, http.StatusBadRequest, "翻页位置无效，请从第一页重新打开。")
			return p, false
		}
		p.After = after
	}
	return p, true
}

// pathID is the path's {name} as a positive id; anything else is no id
// (the caller shows the not-found page).
func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}
