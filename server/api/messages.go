package api

import "github.com/gin-gonic/gin"

// mountMessages adds the routes of API.md § Messages.
func (s *Server) mountMessages(v1 *gin.RouterGroup) {
	if s.Messages == nil {
		return
	}
}
