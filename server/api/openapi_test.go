package api_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/liaison-stations/liaison/server/api"
)

var ginParam = regexp.MustCompile(`[:*]([a-z_]+)`)

func TestRouterAndOpenAPIDocumentAgree(t *testing.T) {
	var doc struct {
		OpenAPI string                    `yaml:"openapi"`
		Paths   map[string]map[string]any `yaml:"paths"`
	}
	require.NoError(t, yaml.Unmarshal(api.OpenAPI, &doc))
	require.True(t, strings.HasPrefix(doc.OpenAPI, "3."), "an OpenAPI 3 document")

	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	// The router's table needs no service behind it: every route is mounted
	// whatever the parts, /admin/queues when there is a Queues handler (the
	// asynqmon that `liaison all` always passes).
	var routed []string
	for _, r := range api.New(api.Deps{Queues: http.NotFoundHandler()}).Routes() {
		routed = append(routed, r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}"))
	}
	slices.Sort(documented)
	slices.Sort(routed)
	for _, r := range routed {
		assert.Contains(t, documented, r, "route %s is not in openapi.yaml", r)
	}
	for _, d := range documented {
		assert.Contains(t, routed, d, "openapi.yaml documents %s, which the router does not serve", d)
	}
}
