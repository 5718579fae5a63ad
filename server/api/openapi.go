package api

import (
	_ "embed"

	"github.com/gin-gonic/gin"
)

// OpenAPI is the contract of this router, as an OpenAPI 3 document. A test
// fails when a route and the document disagree.
//
//go:embed openapi.yaml
var OpenAPI []byte

func serveOpenAPI(c *gin.Context) { c.Data(200, "application/yaml; charset=utf-8", OpenAPI) }
