package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/store"
)

// Most handlers are the same few steps: the signed-in caller, perhaps the
// :id of the path, perhaps a JSON body or a filter of the query (query.go),
// one capability call, the answer. These helpers are those steps once, in
// that order (a caller who is not signed in is 401 before anything else is
// read); a handler names only what differs.

// withCaller answers call(caller).
func withCaller[Out any](s *Server, c *gin.Context, call func(context.Context, *access.Principal) (Out, error)) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	out, err := call(c.Request.Context(), p)
	answer(c, http.StatusOK, out, err)
}

// withPublicBody answers call(body) for anyone, signed in or not.
func withPublicBody[In, Out any](c *gin.Context, call func(context.Context, In) (Out, error)) {
	var in In
	if !bind(c, &in) {
		return
	}
	out, err := call(c.Request.Context(), in)
	answer(c, http.StatusOK, out, err)
}

// withBody answers call(caller, body).
func withBody[In, Out any](s *Server, c *gin.Context, status int, call func(context.Context, *access.Principal, In) (Out, error)) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	var in In
	if !bind(c, &in) {
		return
	}
	out, err := call(c.Request.Context(), p, in)
	answer(c, status, out, err)
}

// withID answers call(caller, :id); a malformed id is notFound.
func withID[Out any](s *Server, c *gin.Context, notFound error, call func(context.Context, *access.Principal, int64) (Out, error)) {
	p, id, ok := s.userAndID(c, notFound)
	if !ok {
		return
	}
	out, err := call(c.Request.Context(), p, id)
	answer(c, http.StatusOK, out, err)
}

// withIDBody answers call(caller, :id, body).
func withIDBody[In, Out any](s *Server, c *gin.Context, notFound error, status int, call func(context.Context, *access.Principal, int64, In) (Out, error)) {
	p, id, ok := s.userAndID(c, notFound)
	if !ok {
		return
	}
	var in In
	if !bind(c, &in) {
		return
	}
	out, err := call(c.Request.Context(), p, id, in)
	answer(c, status, out, err)
}

// withList answers a page of call(caller) as {"items", "next_cursor"}.
func withList[T any](s *Server, c *gin.Context, call func(context.Context, *access.Principal, store.Page) ([]T, store.Cursor, error)) {
	withFilteredList(s, c, noFilter, func(ctx context.Context, p *access.Principal, _ struct{}, page store.Page) ([]T, store.Cursor, error) {
		return call(ctx, p, page)
	})
}

// withFilteredList answers a page of call(caller, filter), the filter read
// from the query by read. The caller is checked before the query is read:
// an anonymous caller is 401 whatever the query says. A bad page or filter
// is one 400 naming every parameter at fault.
func withFilteredList[F, T any](s *Server, c *gin.Context, read func(*gin.Context, apperr.FieldErrors) F, call func(context.Context, *access.Principal, F, store.Page) ([]T, store.Cursor, error)) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	fe := apperr.FieldErrors{}
	filter := read(c, fe)
	page := pageQuery(c, fe)
	if err := fe.Err(); err != nil {
		fail(c, err)
		return
	}
	items, next, err := call(c.Request.Context(), p, filter, page)
	if err != nil {
		fail(c, err)
		return
	}
	listJSON(c, items, next)
}

// withFilter answers call(caller, filter), the filter read from the query
// by read after the caller was checked.
func withFilter[F, Out any](s *Server, c *gin.Context, read func(*gin.Context, apperr.FieldErrors) F, call func(context.Context, *access.Principal, F) (Out, error)) {
	p, f, ok := userAndFilter(s, c, read)
	if !ok {
		return
	}
	out, err := call(c.Request.Context(), p, f)
	answer(c, http.StatusOK, out, err)
}

// userAndFilter is requireUser, then the filter read from the query by
// read; a bad parameter is a 400 naming every one at fault.
func userAndFilter[F any](s *Server, c *gin.Context, read func(*gin.Context, apperr.FieldErrors) F) (*access.Principal, F, bool) {
	var f F
	p, ok := s.requireUser(c)
	if !ok {
		return nil, f, false
	}
	fe := apperr.FieldErrors{}
	f = read(c, fe)
	if err := fe.Err(); err != nil {
		fail(c, err)
		return nil, f, false
	}
	return p, f, true
}

// noFilter reads nothing: a list without a filter.
func noFilter(*gin.Context, apperr.FieldErrors) struct{} { return struct{}{} }

// idParam reads the :id of the path; anything but a positive number is
// the not-found error given.
func idParam(c *gin.Context, notFound error) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		fail(c, notFound)
		return 0, false
	}
	return id, true
}

// answer writes v with status, or the error.
func answer(c *gin.Context, status int, v any, err error) {
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(status, v)
}

// userAndID is requireUser, then the :id of the path.
func (s *Server) userAndID(c *gin.Context, notFound error) (*access.Principal, int64, bool) {
	p, ok := s.requireUser(c)
	if !ok {
		return nil, 0, false
	}
	id, ok := idParam(c, notFound)
	return p, id, ok
}
