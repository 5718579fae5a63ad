package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/store"
)

// Most handlers are the same few steps: the signed-in caller, perhaps the
// :id of the path, perhaps a JSON body, one capability call, the answer.
// These helpers are those steps once; a handler names only what differs.

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
func withList[T any](s *Server, c *gin.Context, call func(context.Context, *access.Principal, store.Page) ([]T, int64, error)) {
	withFilteredList(s, c, struct{}{}, func(ctx context.Context, p *access.Principal, _ struct{}, page store.Page) ([]T, int64, error) {
		return call(ctx, p, page)
	})
}

// withFilteredList answers a page of call(caller, filter).
func withFilteredList[F, T any](s *Server, c *gin.Context, filter F, call func(context.Context, *access.Principal, F, store.Page) ([]T, int64, error)) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	page, ok := pageOf(c)
	if !ok {
		return
	}
	items, next, err := call(c.Request.Context(), p, filter, page)
	if err != nil {
		fail(c, err)
		return
	}
	listJSON(c, items, next)
}
