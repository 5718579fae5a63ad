package console

import (
	"net/http"
	"strconv"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/store"
)

type usersView struct {
	Users []userRow
	Role  string
	Next  string
}

type userRow struct {
	identity.User
	// Scopes are the user's roles in words.
	Scopes []string
	// Self marks the signed-in admin, who cannot revoke themselves.
	Self bool
}

// users lists who holds which role (admins), newest first, with a button
// to take every role away from someone who left.
func (c *Console) users(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	q := r.URL.Query()
	page, ok := c.page(w, r, 50)
	if !ok {
		return
	}
	f := identity.UserFilter{Role: q.Get("role")}
	if id, err := strconv.ParseInt(q.Get("station_id"), 10, 64); err == nil {
		f.StationID = id
	}
	list, next, err := c.Identity.Users(r.Context(), p, f, page)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var grants [][]access.Grant
	for _, u := range list {
		grants = append(grants, u.Roles)
	}
	words, err := c.wordsFor(r.Context(), grants...)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := usersView{Role: f.Role, Next: store.EncodeCursor(next)}
	for _, u := range list {
		row := userRow{User: u, Self: u.ID == p.UserID}
		for _, g := range u.Roles {
			row.Scopes = append(row.Scopes, words.say(g))
		}
		v.Users = append(v.Users, row)
	}
	c.render(w, r, http.StatusOK, "users.html", view{Title: "用户与权限", Nav: "users", Data: v})
}

// userRevoke takes every role from a user and ends all their sessions (the
// console's too), at once.
func (c *Console) userRevoke(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	out, err := c.Identity.Revoke(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.redirect(w, r, "/console/users", "已撤销用户 "+strconv.FormatInt(out.UserID, 10)+" 的全部权限，其登录已全部失效。")
}
