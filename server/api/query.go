package api

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
)

// A query parameter of a kind is read by one helper here and, when it is
// not of its kind, named in the 400's fields with that kind's one wording
// (bind's words for a body's values: 应为…). A helper adds to the request's
// FieldErrors, so that one answer names every parameter at fault.
const (
	wantPositive = "应为正整数"
	wantYesNo    = "应为是或否"
	wantDate     = "日期格式应为 2024-01-31"
	wantPerPage  = "每页数量应为 1 到 100"
	wantCursor   = "翻页位置无效，请从第一页重新加载"
)

// pageOf reads ?limit= and ?cursor= (pageQuery); a bad one answers 400.
func pageOf(c *gin.Context) (store.Page, bool) {
	f := apperr.FieldErrors{}
	p := pageQuery(c, f)
	if err := f.Err(); err != nil {
		fail(c, err)
		return p, false
	}
	return p, true
}

// pageQuery reads ?limit= (default 20, max 100) and ?cursor= (opaque; made by listJSON).
func pageQuery(c *gin.Context, f apperr.FieldErrors) store.Page {
	p := store.Page{Limit: 20}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		f.Check(err != nil || n < 1 || n > 100, "limit", wantPerPage)
		p.Limit = n
	}
	if v := c.Query("cursor"); v != "" {
		after, ok := decodeCursor(v)
		f.Check(!ok, "cursor", wantCursor)
		p.After = after
	}
	return p
}

// boolQuery reads ?name=true|false (absent is false).
func boolQuery(c *gin.Context, name string, f apperr.FieldErrors) bool {
	v := c.Query(name)
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	f.Check(err != nil, name, wantYesNo)
	return b
}

// int64Query reads ?name=<positive number> (absent is 0).
func int64Query(c *gin.Context, name string, f apperr.FieldErrors) int64 {
	v := c.Query(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	f.Check(err != nil || n <= 0, name, wantPositive)
	return n
}

// periodQuery reads ?from=&to= as dates (2024-01-01, whole days in
// Asia/Shanghai, to inclusive) or RFC 3339 times (to exclusive), each
// within clock.MinYear–clock.MaxYear.
func periodQuery(c *gin.Context, fe apperr.FieldErrors) (time.Time, time.Time) {
	parse := func(name string, endOfDay bool) time.Time {
		v := c.Query(name)
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation(time.DateOnly, v, clock.Shanghai)
		date := err == nil
		if !date {
			t, err = time.Parse(time.RFC3339, v)
		}
		switch {
		case err != nil:
			fe.Add(name, wantDate)
		case !clock.Sane(t):
			fe.Add(name, clock.SaneRange)
		case date && endOfDay:
			t = t.AddDate(0, 0, 1)
		}
		return t.UTC()
	}
	return parse("from", false), parse("to", true)
}
