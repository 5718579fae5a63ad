// Package contract holds a test's HTTP exchanges to the OpenAPI document the
// service serves (server/api's openapi.yaml and its fragments): every request
// a test sends through wired.Do, and its answer, are validated with
// kin-openapi's openapi3filter for that path, method and status.
//
// The document is read strictly: an object schema that lists properties and
// says nothing of others allows no others (additionalProperties: false), so
// an answer carrying a field the document does not declare fails the test
// that made it, as do a missing required field and a wrong type. The
// document itself stays readable: the strictness is added here, at load.
//
// What is checked:
//   - a path outside /api/v1 that the document does not list (console pages,
//     /n, /c, webhooks) is not API and is skipped; a /api/v1 path missing
//     from the document fails, unless the service refuses it too (404, 405);
//   - the answer's status must be documented for the operation, except the
//     errors any route may answer from its middleware (401, 405, 413, 429,
//     500, 503), whose bodies are checked against the Error schema;
//   - a JSON answer is validated against its schema; any other (xlsx, png,
//     html, yaml) for its status and content type only;
//   - a request the document refuses must be refused by the service (4xx):
//     a test may send bad input on purpose, but the service may not accept
//     what the contract says is wrong.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/liaison-stations/liaison/server/api"
)

// Contract is the loaded document and its router.
type Contract struct {
	Doc    *openapi3.T
	router routers.Router
	errSch *openapi3.Schema
}

var (
	once   sync.Once
	loaded *Contract
	failed error
)

// Load reads the served document once per process.
func Load() (*Contract, error) {
	once.Do(func() { loaded, failed = Parse(api.OpenAPI) })
	return loaded, failed
}

// Parse reads an OpenAPI document, made strict (see the package comment).
func Parse(data []byte) (*Contract, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("contract: load: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("contract: the document is not valid OpenAPI: %w", err)
	}
	// The routes match any host: tests send to example.com.
	doc.Servers = nil
	Strict(doc)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("contract: router: %w", err)
	}
	c := &Contract{Doc: doc, router: router}
	if ref := doc.Components.Schemas["Error"]; ref != nil {
		c.errSch = ref.Value
	}
	return c, nil
}

// Check validates one exchange: req as it was sent, body its body (nil for
// none) and resp the service's answer. A mismatch fails t.
//
// A benchmark's exchanges are not checked: the validation would be timed
// with the service (province_bench_test.go's latencies), and the tests
// check the same answers.
func Check(t testing.TB, req *http.Request, body []byte, resp *httptest.ResponseRecorder) {
	t.Helper()
	if _, bench := t.(*testing.B); bench {
		return
	}
	c, err := Load()
	if err != nil {
		t.Fatalf("%v", err)
	}
	for _, problem := range c.Problems(req, body, resp.Code, resp.Header(), resp.Body.Bytes()) {
		t.Errorf("contract: %s %s → %d: %s\nrequest body: %s\nanswer: %s", req.Method, req.URL.RequestURI(), resp.Code, problem,
			clip(body), clip(resp.Body.Bytes()))
	}
}

// CheckJSON is Check for a request whose body was v sent as JSON (nil for
// none), as wired.Do sends it.
func CheckJSON(t testing.TB, req *http.Request, v any, resp *httptest.ResponseRecorder) {
	t.Helper()
	var body []byte
	if v != nil {
		var err error
		if body, err = json.Marshal(v); err != nil {
			t.Fatalf("contract: %v", err)
		}
	}
	Check(t, req, body, resp)
}

// Problems lists what in the exchange disagrees with the document (none when
// it agrees or the path is not API).
func (c *Contract) Problems(req *http.Request, reqBody []byte, status int, header http.Header, respBody []byte) []string {
	ctx := context.Background()
	probe := req.Clone(ctx)
	probe.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := c.router.FindRoute(probe)
	if err != nil {
		if !strings.HasPrefix(req.URL.Path, "/api/v1/") {
			return nil
		}
		// The service refusing what the document does not have agrees with it.
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			return c.errorBody(status, header, respBody)
		}
		return []string{fmt.Sprintf("%s %s is not in the document, yet the service answered it", req.Method, req.URL.Path)}
	}
	var problems []string
	in := &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, SkipSettingDefaults: true, MultiError: true,
			RejectWhenRequestBodyNotSpecified: true}}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && status < 400 {
		problems = append(problems, fmt.Sprintf("the service accepted (%d) a request the document refuses:\n%s", status, indent(err)))
	}
	resp := route.Operation.Responses.Status(status)
	if resp == nil {
		resp = route.Operation.Responses.Default()
	}
	if resp == nil {
		if !anyRoute(status) {
			return append(problems, fmt.Sprintf("status %d is not documented for %s %s", status, route.Method, route.Path))
		}
		return append(problems, c.errorBody(status, header, respBody)...)
	}
	ct := header.Get("Content-Type")
	if len(resp.Value.Content) == 0 {
		// The document says nothing of the content (the document itself,
		// /metrics, a 204): a JSON body is a body it does not declare.
		if isJSON(ct) && len(bytes.TrimSpace(respBody)) > 0 {
			problems = append(problems, fmt.Sprintf("the document declares no body for %d, the service answered JSON", status))
		}
		return problems
	}
	media := resp.Value.Content.Get(ct)
	if media == nil {
		return append(problems, fmt.Sprintf("content type %q is not documented for %d (documented: %s)", ct, status, strings.Join(keys(resp.Value.Content), ", ")))
	}
	if !isJSON(ct) {
		return problems
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header,
		Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true}}
	out.SetBodyBytes(respBody)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		problems = append(problems, "the answer disagrees with the document:\n"+indent(err))
	}
	return problems
}

// anyRoute are the statuses any route may answer from the middleware around
// it: they need not be listed on each operation.
func anyRoute(status int) bool {
	switch status {
	case http.StatusUnauthorized, http.StatusMethodNotAllowed, http.StatusRequestEntityTooLarge, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusServiceUnavailable:
		return true
	}
	return false
}

// errorBody checks an error answer an operation does not list against the
// Error schema.
func (c *Contract) errorBody(status int, header http.Header, body []byte) []string {
	if !isJSON(header.Get("Content-Type")) {
		return []string{fmt.Sprintf("a %d answer is not JSON (%q)", status, header.Get("Content-Type"))}
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []string{fmt.Sprintf("a %d answer is not JSON: %v", status, err)}
	}
	if c.errSch == nil {
		return nil
	}
	if err := c.errSch.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		return []string{"the error answer disagrees with the Error schema:\n" + indent(err)}
	}
	return nil
}

func isJSON(ct string) bool {
	m, _, err := mime.ParseMediaType(ct)
	return err == nil && (m == "application/json" || strings.HasSuffix(m, "+json"))
}

func keys(content openapi3.Content) []string {
	var out []string
	for k := range content {
		out = append(out, k)
	}
	return out
}

// indent lists each error of err (a MultiError spread out) on a line of its own.
func indent(err error) string {
	var lines []string
	var walk func(error)
	walk = func(err error) {
		var me openapi3.MultiError
		if errors.As(err, &me) {
			for _, e := range me {
				walk(e)
			}
			return
		}
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			at := "/" + strings.Join(se.JSONPointer(), "/")
			lines = append(lines, fmt.Sprintf("  at %s: %s", at, se.Reason))
			return
		}
		var re *openapi3filter.ResponseError
		if errors.As(err, &re) && re.Err != nil {
			walk(re.Err)
			return
		}
		var rq *openapi3filter.RequestError
		if errors.As(err, &rq) && rq.Err != nil {
			prefix := ""
			if rq.Parameter != nil {
				prefix = fmt.Sprintf("parameter %s (%s): ", rq.Parameter.Name, rq.Parameter.In)
			} else if rq.RequestBody != nil {
				prefix = "body: "
			}
			n := len(lines)
			walk(rq.Err)
			if n < len(lines) && prefix != "" {
				for i := n; i < len(lines); i++ {
					lines[i] = "  " + prefix + strings.TrimPrefix(lines[i], "  ")
				}
			}
			return
		}
		lines = append(lines, "  "+err.Error())
	}
	walk(err)
	return strings.Join(lines, "\n")
}

func clip(b []byte) string {
	if len(b) == 0 {
		return "(empty)"
	}
	if !isText(b) {
		return fmt.Sprintf("(%d bytes, not text)", len(b))
	}
	const max = 4000
	if len(b) > max {
		return strings.ToValidUTF8(string(b[:max]), "") + fmt.Sprintf("… (%d bytes)", len(b))
	}
	return string(b)
}

func isText(b []byte) bool {
	return !bytes.ContainsRune(b, 0) && strings.ToValidUTF8(string(b), "\uFFFD") == string(b)
}
