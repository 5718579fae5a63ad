package api

import "github.com/gin-gonic/gin"

// mountRegistry mounts areas, stations, deputies, groups and units.
func (s *Server) mountRegistry(v1 *gin.RouterGroup) {}
