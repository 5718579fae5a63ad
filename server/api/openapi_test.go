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
	"github.com/liaison-stations/liaison/server/testkit/wired"
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
	// The router's table, of a router on the wired service's parts: a
	// capability's routes are mounted when it is there, /admin/queues when
	// there is a queue dashboard (server/app passes asynqmon).
	s := wired.New(t)
	router := api.New(api.Deps{Config: s.Config, DB: s.App.DB, Redis: s.App.Redis, Logger: s.Log, Identity: s.Identity, Registry: s.Registry,
		Notify: s.Notify, Messages: s.Messages, Activities: s.Activities, Audit: s.Audit, Consultations: s.Consultations, Queues: http.NotFoundHandler()})
	var routed []string
	for _, r := range router.Routes() {
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
