package contract

import (
	"maps"

	"github.com/getkin/kin-openapi/openapi3"
)

// Strict makes every object schema of doc that lists properties, and says
// nothing of others, refuse others (additionalProperties: false). An allOf of
// objects is first merged into one object (properties and required of all
// its parts), since each part made strict would refuse the others' fields.
func Strict(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var visit func(ref *openapi3.SchemaRef)
	visit = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		for _, part := range s.AllOf {
			visit(part)
		}
		mergeAllOf(s)
		for _, p := range s.Properties {
			visit(p)
		}
		visit(s.Items)
		visit(s.AdditionalProperties.Schema)
		visit(s.Not)
		for _, list := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
			for _, part := range list {
				visit(part)
			}
		}
		if len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
			no := false
			s.AdditionalProperties.Has = &no
		}
	}
	if doc.Components != nil {
		for _, ref := range doc.Components.Schemas {
			visit(ref)
		}
		for _, r := range doc.Components.Responses {
			visitContent(r.Value.Content, visit)
		}
		for _, r := range doc.Components.RequestBodies {
			visitContent(r.Value.Content, visit)
		}
		for _, p := range doc.Components.Parameters {
			visit(p.Value.Schema)
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, p := range item.Parameters {
			visit(p.Value.Schema)
		}
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				visit(p.Value.Schema)
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				visitContent(op.RequestBody.Value.Content, visit)
			}
			if op.Responses != nil {
				for _, r := range op.Responses.Map() {
					if r.Value != nil {
						visitContent(r.Value.Content, visit)
					}
				}
			}
		}
	}
}

func visitContent(content openapi3.Content, visit func(*openapi3.SchemaRef)) {
	for _, m := range content {
		if m != nil {
			visit(m.Schema)
		}
	}
}

// mergeAllOf turns s, an allOf of objects, into the one object they make.
// The parts (a shared component among them) are left as they are.
func mergeAllOf(s *openapi3.Schema) {
	if len(s.AllOf) == 0 {
		return
	}
	props := openapi3.Schemas{}
	var required []string
	nullable := s.Nullable
	for _, part := range s.AllOf {
		p := part.Value
		if p == nil || (p.Type != nil && !p.Type.Is("object")) || len(p.AllOf) > 0 || len(p.OneOf) > 0 || len(p.AnyOf) > 0 {
			return
		}
		maps.Copy(props, p.Properties)
		required = append(required, p.Required...)
	}
	maps.Copy(props, s.Properties)
	s.AllOf = nil
	s.Type = &openapi3.Types{"object"}
	s.Properties = props
	s.Required = append(s.Required, required...)
	s.Nullable = nullable
}
