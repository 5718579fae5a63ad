package api

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

func TestOpenAPIFragmentsAreMergedAndMayNotRedefine(t *testing.T) {
	main := "openapi: 3.0.3\ntags: [{name: a}]\npaths:\n  /a: {get: {responses: {'200': {description: ok}}}}\ncomponents:\n  schemas:\n    A: {type: object}\n"
	frag := "tags: [{name: b}]\npaths:\n  /b: {post: {responses: {'201': {description: ok}}}}\ncomponents:\n  schemas:\n    B: {type: string}\n"
	out, err := mergeOpenAPI(fstest.MapFS{"openapi.yaml": {Data: []byte(main)}, "openapi/b.yaml": {Data: []byte(frag)}})
	require.NoError(t, err)
	var doc struct {
		Paths      map[string]any `yaml:"paths"`
		Components struct {
			Schemas map[string]any `yaml:"schemas"`
		} `yaml:"components"`
		Tags []map[string]string `yaml:"tags"`
	}
	require.NoError(t, yaml.Unmarshal(out, &doc))
	assert.Contains(t, doc.Paths, "/a")
	assert.Contains(t, doc.Paths, "/b")
	assert.Contains(t, doc.Components.Schemas, "B")
	assert.Len(t, doc.Tags, 2)

	_, err = mergeOpenAPI(fstest.MapFS{"openapi.yaml": {Data: []byte(main)}, "openapi/b.yaml": {Data: []byte("paths:\n  /a: {}\n")}})
	require.Error(t, err, "a fragment may not redefine a path")
	assert.Contains(t, err.Error(), "/a")
}
