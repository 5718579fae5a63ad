package api

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"github.com/gin-gonic/gin"
	"gopkg.in/yaml.v3"
)

//go:embed openapi.yaml openapi
var openapiFS embed.FS

// OpenAPI is the contract of this router, as an OpenAPI 3 document: the
// main document with the capabilities' fragments (openapi/*.yaml) merged in.
// A test fails when a route and the document disagree.
var OpenAPI = mustMergeOpenAPI()

func serveOpenAPI(c *gin.Context) { c.Data(200, "application/yaml; charset=utf-8", OpenAPI) }

func mustMergeOpenAPI() []byte {
	doc, err := mergeOpenAPI(openapiFS)
	if err != nil {
		panic(err)
	}
	return doc
}

// mergeOpenAPI merges the fragments' paths, components and tags into the main document.
func mergeOpenAPI(fsys fs.FS) ([]byte, error) {
	var main map[string]any
	if err := readYAML(fsys, "openapi.yaml", &main); err != nil {
		return nil, err
	}
	names, err := fs.Glob(fsys, "openapi/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		var frag map[string]any
		if err := readYAML(fsys, name, &frag); err != nil {
			return nil, err
		}
		if err := mergeSection(main, frag, "paths", name); err != nil {
			return nil, err
		}
		fc, _ := frag["components"].(map[string]any)
		mc, _ := main["components"].(map[string]any)
		for _, section := range []string{"schemas", "parameters", "responses"} {
			if err := mergeSection(mc, fc, section, name+" components"); err != nil {
				return nil, err
			}
		}
		if tags, ok := frag["tags"].([]any); ok {
			main["tags"] = append(main["tags"].([]any), tags...)
		}
	}
	return yaml.Marshal(main)
}

func mergeSection(into, from map[string]any, section, origin string) error {
	src, _ := from[section].(map[string]any)
	if len(src) == 0 {
		return nil
	}
	dst, _ := into[section].(map[string]any)
	if dst == nil {
		dst = map[string]any{}
		into[section] = dst
	}
	for k, v := range src {
		if _, dup := dst[k]; dup {
			return fmt.Errorf("openapi: %s: %s %q is defined twice", origin, section, k)
		}
		dst[k] = v
	}
	return nil
}

func readYAML(fsys fs.FS, name string, dst any) error {
	data, err := fs.ReadFile(fsys, path.Clean(name))
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(data, dst); err != nil {
		return fmt.Errorf("openapi: %s: %w", name, err)
	}
	return nil
}
