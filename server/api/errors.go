package api

import (
	"log/slog"
	"math"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/apperr"
)

// errorBody is the error format of the OpenAPI document's introduction.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

// statusOf is the HTTP status of an error kind (apperr.Kind.Status, which
// the console's pages share).
func statusOf(k apperr.Kind) int { return k.Status() }

// fail answers err in the contract's format. Internal errors are logged with
// the request id and shown only as 内部错误.
func fail(c *gin.Context, err error) {
	e := apperr.From(err)
	status := statusOf(e.Kind)
	body := errorDetail{Code: e.Code, Message: e.Message, Fields: e.Fields}
	if e.Kind == apperr.KindRateLimited || e.RetryAfter > 0 {
		retry := e.RetryAfter
		if retry <= 0 {
			retry = time.Minute
		}
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(retry.Seconds()))))
	}
	if status >= 500 {
		body.RequestID = requestID(c)
		logger(c).Error("request failed", slog.String("code", e.Code), slog.Any("error", e.Err))
	}
	c.AbortWithStatusJSON(status, errorBody{Error: body})
}
