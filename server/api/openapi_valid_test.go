package api

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// The served document (main document and fragments merged) is valid OpenAPI 3,
// as a real validator reads it: a client generator or a gateway must accept it.
func TestServedOpenAPIDocumentIsValidOpenAPI(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(OpenAPI)
	require.NoError(t, err, "the served document loads")
	// Every error, not only the first, so one run shows the whole list.
	errs := flatten(doc.Validate(context.Background(), openapi3.EnableMultiError()))
	for _, e := range errs {
		t.Errorf("openapi: %v", e)
	}
	assert.Empty(t, errs, "the served document has %d validation error(s)", len(errs))
}

func flatten(err error) []error {
	if err == nil {
		return nil
	}
	var me openapi3.MultiError
	if !errors.As(err, &me) {
		return []error{err}
	}
	var out []error
	for _, e := range me {
		out = append(out, flatten(e)...)
	}
	return out
}

// A comma or ": " inside an unquoted flow-mapping description splits it, so part
// of the sentence becomes a key of its own with a null value ("MySQL: null").
// No key of the document may have a null value.
func TestServedOpenAPIDocumentHasNoNullKeys(t *testing.T) {
	var root yaml.Node
	require.NoError(t, yaml.Unmarshal(OpenAPI, &root))
	var stray []string
	var walk func(n *yaml.Node, at string)
	walk = func(n *yaml.Node, at string) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", at, i))
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
					stray = append(stray, at+"/"+k.Value)
				}
				walk(v, at+"/"+k.Value)
			}
		}
	}
	walk(&root, "")
	assert.Empty(t, stray, "keys with a null value, most likely a description split at a comma or a colon:\n%s", strings.Join(stray, "\n"))
}
