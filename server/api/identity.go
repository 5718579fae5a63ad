package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/identity"
)

func (s *Server) mountIdentity(v1 *gin.RouterGroup) {
	rl := s.Config.RateLimits
	signIn := s.limits.limit("sign_in", rl.SignInPerIP, config.Rate{})
	v1.POST("/auth/wechat", signIn, s.signInWeChat)
	v1.POST("/auth/dev", signIn, s.signInDev)
	v1.POST("/auth/logout", s.signOut)
	v1.POST("/auth/phone", s.bindPhone)
	v1.POST("/auth/redeem", s.limits.limit("redeem", rl.RedeemPerIP, rl.RedeemPerUser), s.redeem)
	v1.GET("/me", s.me)
	v1.POST("/admin/invites", s.createInvite)
	v1.GET("/admin/invites", s.listInvites)
	v1.DELETE("/admin/invites/:id", s.cancelInvite)
	v1.GET("/admin/users", s.listUsers)
	v1.POST("/admin/users/:id/revoke", s.revokeUser)
	v1.GET("/console-logins/:id", s.consoleLogin)
	v1.POST("/console-logins/:id/approve", s.approveConsoleLogin)
}

// consoleLogin shows a staff member who scanned a console's sign-in code
// when and from where it was asked.
func (s *Server) consoleLogin(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	out, err := s.Identity.ConsoleLogin(c.Request.Context(), p, c.Param("id"))
	answer(c, http.StatusOK, out, err)
}

// approveConsoleLogin signs the browser that showed the code in as the caller.
func (s *Server) approveConsoleLogin(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	out, err := s.Identity.ApproveConsoleLogin(c.Request.Context(), p, c.Param("id"))
	answer(c, http.StatusOK, out, err)
}

// authenticate puts the caller into the request context when a bearer token
// is given. A token that is given but not valid is a 401 at once: the client
// must sign in again rather than be served as anonymous.
//
// The client's address goes into the context and the Principal for the
// audit log: gin's ClientIP believes X-Forwarded-For of trusted proxies only.
func (s *Server) authenticate(c *gin.Context) {
	ip := c.ClientIP()
	ctx := access.WithClientIP(c.Request.Context(), ip)
	c.Request = c.Request.WithContext(ctx)
	token := bearer(c)
	if token == "" {
		c.Next()
		return
	}
	p, err := s.Identity.Authenticate(ctx, token)
	if err != nil {
		fail(c, err)
		return
	}
	p.ClientIP = ip
	c.Request = c.Request.WithContext(access.WithPrincipal(ctx, p))
	c.Next()
}

// requireUser returns the caller, or answers 401.
func (s *Server) requireUser(c *gin.Context) (*access.Principal, bool) {
	p := access.FromContext(c.Request.Context())
	if p == nil {
		fail(c, apperr.Unauthorized("unauthorized", "请先登录"))
		return nil, false
	}
	return p, true
}

type codeRequest struct {
	Code string `json:"code"`
}

func (s *Server) signInWeChat(c *gin.Context) {
	var req codeRequest
	if !bind(c, &req) {
		return
	}
	out, err := s.Identity.SignInWeChat(c.Request.Context(), req.Code)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) signInDev(c *gin.Context) {
	var req struct {
		OpenID string `json:"openid"`
	}
	if !s.Identity.DevLogin {
		fail(c, errNoRoute)
		return
	}
	if !bind(c, &req) {
		return
	}
	out, err := s.Identity.SignInDev(c.Request.Context(), req.OpenID)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) signOut(c *gin.Context) {
	if _, ok := s.requireUser(c); !ok {
		return
	}
	if err := s.Identity.SignOut(c.Request.Context(), bearer(c)); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) bindPhone(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	var req codeRequest
	if !bind(c, &req) {
		return
	}
	me, err := s.Identity.BindPhone(c.Request.Context(), p, req.Code)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, me)
}

func (s *Server) redeem(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	var req struct {
		InviteCode string `json:"invite_code"`
	}
	if !bind(c, &req) {
		return
	}
	me, err := s.Identity.Redeem(c.Request.Context(), p, req.InviteCode)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, me)
}

func (s *Server) me(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	me, err := s.Identity.Me(c.Request.Context(), p.UserID)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, me)
}

func (s *Server) createInvite(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	var req identity.InviteInput
	if !bind(c, &req) {
		return
	}
	inv, err := s.Identity.CreateInvite(c.Request.Context(), p, req)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, inv)
}

func (s *Server) listInvites(c *gin.Context) {
	withList(s, c, s.Identity.Invites)
}

var errInviteNotFound = apperr.NotFound("invite_not_found", "邀请码不存在")

func (s *Server) cancelInvite(c *gin.Context) {
	p, id, ok := s.userAndID(c, errInviteNotFound)
	if !ok {
		return
	}
	if err := s.Identity.CancelInvite(c.Request.Context(), p, id); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

var errUserNotFound = apperr.NotFound("user_not_found", "用户不存在")

func (s *Server) listUsers(c *gin.Context) {
	withFilteredList(s, c, userFilter, s.Identity.Users)
}

// userFilter reads ?role=&station_id=&area_code=.
func userFilter(c *gin.Context, fe apperr.FieldErrors) identity.UserFilter {
	return identity.UserFilter{Role: c.Query("role"), StationID: int64Query(c, "station_id", fe), AreaCode: c.Query("area_code")}
}

func (s *Server) revokeUser(c *gin.Context) {
	withID(s, c, errUserNotFound, s.Identity.Revoke)
}
