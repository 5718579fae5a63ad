package contract

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const doc = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /api/v1/things/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/ThingDetail"}}}}
        "404": {description: no, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /api/v1/things:
    post:
      requestBody: {content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string, minLength: 2}}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "400": {description: bad, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /api/v1/things.xlsx:
    get:
      responses:
        "204": {description: nothing}
        "200": {description: a workbook, content: {application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: {schema: {type: string, format: binary}}}}
components:
  schemas:
    Error:
      type: object
      properties:
        error: {type: object, required: [code, message], properties: {code: {type: string}, message: {type: string}}}
    Thing:
      type: object
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string}
        tags: {type: object, additionalProperties: {type: string}}
    ThingDetail:
      allOf:
        - $ref: "#/components/schemas/Thing"
        - type: object
          properties: {count: {type: integer}}
`

func problems(t *testing.T, method, path, reqBody string, status int, ct, body string) []string {
	t.Helper()
	c, err := Parse([]byte(doc))
	require.NoError(t, err)
	req := httptest.NewRequest(method, path, nil)
	if reqBody != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	h := http.Header{}
	if ct != "" {
		h.Set("Content-Type", ct)
	}
	return c.Problems(req, []byte(reqBody), status, h, []byte(body))
}

func TestAnAnswerAsDocumentedPasses(t *testing.T) {
	assert.Empty(t, problems(t, "GET", "/api/v1/things/7", "", 200, "application/json; charset=utf-8",
		`{"id":7,"name":"x","tags":{"any":"key"},"count":2}`), "allOf parts merged; a map keeps its free keys")
	assert.Empty(t, problems(t, "POST", "/api/v1/things", `{"name":"ab"}`, 201, "application/json", `{"id":1,"name":"ab"}`))
	assert.Empty(t, problems(t, "POST", "/api/v1/things", `{"name":"a"}`, 400, "application/json", `{"error":{"code":"invalid","message":"名称太短"}}`),
		"the service refusing a request the document refuses")
	assert.Empty(t, problems(t, "GET", "/console/stations", "", 200, "text/html", "<html>"), "not API")
	assert.Empty(t, problems(t, "GET", "/api/v1/nowhere", "", 404, "application/json", `{"error":{"code":"not_found","message":"不存在"}}`),
		"an unknown path refused")
	assert.Empty(t, problems(t, "GET", "/api/v1/things.xlsx", "", 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\x03\x04"))
	assert.Empty(t, problems(t, "GET", "/api/v1/things/7", "", 401, "application/json", `{"error":{"code":"unauthorized","message":"请先登录"}}`),
		"the middleware's statuses need not be listed")
}

func TestWhatTheDocumentDoesNotSayFails(t *testing.T) {
	for _, c := range []struct {
		name, method, path, req string
		status                  int
		ct, body, want          string
	}{
		{"a field the document does not declare", "GET", "/api/v1/things/7", "", 200, "application/json", `{"id":7,"name":"x","secret":1}`, `property "secret" is unsupported`},
		{"a missing required field", "GET", "/api/v1/things/7", "", 200, "application/json", `{"id":7}`, `property "name" is missing`},
		{"a wrong type", "GET", "/api/v1/things/7", "", 200, "application/json", `{"id":"7","name":"x"}`, `at /id`},
		{"a null where none is allowed", "GET", "/api/v1/things/7", "", 200, "application/json", `{"id":7,"name":null}`, `at /name`},
		{"a status not documented", "GET", "/api/v1/things/7", "", 409, "application/json", `{"error":{"code":"c","message":"m"}}`, "status 409 is not documented"},
		{"a content type not documented", "GET", "/api/v1/things.xlsx", "", 200, "text/csv", "a,b", `content type "text/csv" is not documented`},
		{"an error body not in the Error shape", "GET", "/api/v1/things/7", "", 500, "application/json", `{"message":"boom"}`, "Error schema"},
		{"a JSON body where the document declares none", "GET", "/api/v1/things.xlsx", "", 204, "application/json", `{"ok":true}`, "declares no body"},
		{"an API path not in the document", "GET", "/api/v1/secret", "", 200, "application/json", `{}`, "is not in the document"},
		{"a request the document refuses, accepted", "POST", "/api/v1/things", `{"name":"a","extra":1}`, 201, "application/json", `{"id":1,"name":"a"}`, "accepted (201) a request the document refuses"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := strings.Join(problems(t, c.method, c.path, c.req, c.status, c.ct, c.body), "\n")
			assert.Contains(t, got, c.want)
		})
	}
}

// The served document loads and is made strict.
func TestTheServedDocumentLoads(t *testing.T) {
	c, err := Load()
	require.NoError(t, err)
	me := c.Doc.Components.Schemas["Me"].Value
	require.NotNil(t, me.AdditionalProperties.Has)
	assert.False(t, *me.AdditionalProperties.Has, "an object with properties allows no others")
}

// Tests running in parallel check their exchanges against one loaded document.
func TestChecksMayRunInParallel(t *testing.T) {
	c, err := Parse([]byte(doc))
	require.NoError(t, err)
	for i := range 8 {
		t.Run(strings.Repeat("p", i+1), func(t *testing.T) {
			t.Parallel()
			for range 50 {
				req := httptest.NewRequest("GET", "/api/v1/things/7", nil)
				h := http.Header{"Content-Type": {"application/json"}}
				assert.Empty(t, c.Problems(req, nil, 200, h, []byte(`{"id":7,"name":"x","count":1}`)))
				assert.NotEmpty(t, c.Problems(req, nil, 200, h, []byte(`{"id":7,"name":"x","extra":1}`)))
			}
		})
	}
}
