package api

import (
	"context"
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
	withCaller(s, c, func(ctx context.Context, p *access.Principal) (*identity.ConsoleLogin, error) {
		return s.Identity.ConsoleLogin(ctx, p, c.Param("id"))
	})
}

// approveConsoleLogin signs the browser that showed the code in as the caller.
func (s *Server) approveConsoleLogin(c *gin.Context) {
	withCaller(s, c, func(ctx context.Context, p *access.Principal) (*identity.ConsoleLogin, error) {
		return s.Identity.ApproveConsoleLogin(ctx, p, c.Param("id"))
	})
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
	withPublicBody(c, func(ctx context.Context, req codeRequest) (*identity.SignedIn, error) {
		return s.Identity.SignInWeChat(ctx, req.Code)
	})
}

type devSignInRequest struct {
	OpenID string `json:"openid"`
}

func (s *Server) signInDev(c *gin.Context) {
	if !s.Identity.DevLogin {
		fail(c, errNoRoute)
		return
	}
	withPublicBody(c, func(ctx context.Context, req devSignInRequest) (*identity.SignedIn, error) {
		return s.Identity.SignInDev(ctx, req.OpenID)
	})
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
	withBody(s, c, http.StatusOK, func(ctx context.Context, p *access.Principal, req codeRequest) (*identity.Me, error) {
		return s.Identity.BindPhone(ctx, p, req.Code)
	})
}

type redeemRequest struct {
	InviteCode string `json:"invite_code"`
}

func (s *Server) redeem(c *gin.Context) {
	withBody(s, c, http.StatusOK, func(ctx context.Context, p *access.Principal, req redeemRequest) (*identity.Me, error) {
		return s.Identity.Redeem(ctx, p, req.InviteCode)
	})
}

func (s *Server) me(c *gin.Context) {
	withCaller(s, c, func(ctx context.Context, p *access.Principal) (*identity.Me, error) {
		return s.Identity.Me(ctx, p.UserID)
	})
}

func (s *Server) createInvite(c *gin.Context) {
	withBody(s, c, http.StatusCreated, s.Identity.CreateInvite)
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
