package console

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/pii"
)

// view is what every page template receives.
type view struct {
	Title string
	// Nav names the menu entry to highlight.
	Nav   string
	Me    *access.Principal
	Flash string
	// Errors are field errors of a form, by field name (the capability's
	// Validate wording), shown beside the fields; Form is what was typed.
	Errors map[string]string
	Form   url.Values
	// Query is the page's query string, for links that keep the filter.
	Query url.Values
	Data  any
	// Print marks a page meant for paper (posters, letters): no menu.
	Print bool
}

// parseViews reads every page template with the layout and the partials
// (templates/_*.html), one set per page.
func mustParseViews() map[string]*template.Template {
	v, err := parseViews()
	if err != nil {
		panic(err)
	}
	return v
}

func parseViews() (map[string]*template.Template, error) {
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	shared := []string{}
	for _, p := range pages {
		if strings.HasPrefix(path.Base(p), "_") {
			shared = append(shared, p)
		}
	}
	views := map[string]*template.Template{}
	for _, p := range pages {
		name := path.Base(p)
		if strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, append([]string{p}, shared...)...)
		if err != nil {
			return nil, fmt.Errorf("console: template %s: %w", name, err)
		}
		views[name] = t
	}
	return views, nil
}

// render writes the page name with v; the menu shows what the person may use.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	t, ok := views[name]
	if !ok {
		c.Log.ErrorContext(r.Context(), "console: no template", "name", name)
		http.Error(w, "内部错误", http.StatusInternalServerError)
		return
	}
	if v.Me == nil {
		v.Me = access.FromContext(r.Context())
	}
	if v.Flash == "" {
		v.Flash = c.takeFlash(w, r)
	}
	if v.Query == nil {
		v.Query = r.URL.Query()
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		c.Log.ErrorContext(r.Context(), "console: render", "name", name, "error", err.Error())
		http.Error(w, "内部错误", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// renderError shows a plain page with what went wrong and what to do.
func (c *Console) renderError(w http.ResponseWriter, r *http.Request, status int, message string) {
	c.render(w, r, status, "error.html", view{Title: http.StatusText(status), Data: errorView{Status: status, Message: message}})
}

type errorView struct {
	Status    int
	Message   string
	RequestID string
}

// notFound is the one page for "not there" and "not yours".
func (c *Console) notFound(w http.ResponseWriter, r *http.Request) {
	c.renderError(w, r, http.StatusNotFound, "页面不存在，或您无权查看。")
}

// fail shows err as a page: the capability's own Chinese message for what
// the person can act on, 内部错误 with a reference for the rest (whose detail
// goes to the log only).
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	e := apperr.From(err)
	switch e.Kind {
	case apperr.KindNotFound:
		c.notFound(w, r)
	case apperr.KindUnauthorized:
		http.Redirect(w, r, "/console/login", http.StatusSeeOther)
	case apperr.KindInternal:
		ref := requestRef()
		c.Log.ErrorContext(r.Context(), "console: internal error", "ref", ref, "path", r.URL.Path, "error", err.Error())
		c.render(w, r, http.StatusInternalServerError, "error.html", view{Title: "内部错误",
			Data: errorView{Status: http.StatusInternalServerError, Message: "内部错误，请稍后再试。如一再出现，请把编号告诉系统管理员。", RequestID: ref}})
	default:
		msg := e.Message
		for _, m := range e.Fields {
			msg += "：" + m
			break
		}
		c.renderError(w, r, e.Kind.Status(), msg)
	}
}

func requestRef() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// fieldErrors are the field errors of err, when err is a validation error.
func fieldErrors(err error) (map[string]string, bool) {
	e := apperr.From(err)
	if e.Kind != apperr.KindInvalid {
		return nil, false
	}
	if len(e.Fields) == 0 {
		return map[string]string{"": e.Message}, true
	}
	return e.Fields, true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// funcs are the templates' helpers: times in Asia/Shanghai, masked phones,
// links that keep the page's filter.
var funcs = template.FuncMap{
	"datetime": func(t any) string { return formatTime(t, "2006-01-02 15:04") },
	"date":     func(t any) string { return formatTime(t, "2006-01-02") },
	"mask":     pii.MaskPhone,
	"percent": func(v any) string {
		switch f := v.(type) {
		case float64:
			return strconv.FormatFloat(f*100, 'f', 1, 64) + "%"
		case *float64:
			if f == nil {
				return "—"
			}
			return strconv.FormatFloat(*f*100, 'f', 1, 64) + "%"
		}
		return "—"
	},
	// with is the page's query with key set to value (empty removes it) and
	// the cursor dropped: a filter link that starts again at the first page.
	"with": func(q url.Values, kv ...string) string {
		out := url.Values{}
		for k, v := range q {
			out[k] = v
		}
		out.Del("cursor")
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				out.Del(kv[i])
			} else {
				out.Set(kv[i], kv[i+1])
			}
		}
		if len(out) == 0 {
			return "?"
		}
		return "?" + out.Encode()
	},
	// next is the page's query continuing after cursor.
	"next": func(q url.Values, cursor string) string {
		out := url.Values{}
		for k, v := range q {
			out[k] = v
		}
		out.Set("cursor", cursor)
		return "?" + out.Encode()
	},
	"json": func(v any) (template.JS, error) {
		b, err := json.Marshal(v)
		return template.JS(b), err
	},
	"add": func(a, b int) int { return a + b },
}

func formatTime(v any, layout string) string {
	switch t := v.(type) {
	case time.Time:
		if t.IsZero() {
			return "—"
		}
		return t.In(clock.Shanghai).Format(layout)
	case *time.Time:
		if t == nil || t.IsZero() {
			return "—"
		}
		return t.In(clock.Shanghai).Format(layout)
	}
	return "—"
}
