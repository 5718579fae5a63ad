package api

import "github.com/gin-gonic/gin"

// mountActivities adds the routes of API.md § Activities and the employer notice pages.
func (s *Server) mountActivities(e *gin.Engine, v1 *gin.RouterGroup) {
	if s.Activities == nil {
		return
	}
}
