package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/access"
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
