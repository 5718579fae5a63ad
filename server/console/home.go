package console

import (
	"net/http"

	"github.com/liaison-stations/liaison/server/access"
)

// home is the 工作台: the period's figures of the caller's area.
func (c *Console) home(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	c.render(w, r, http.StatusOK, "home.html", view{Title: "工作台", Nav: "home"})
}
