package console

import (
	"context"
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// inviteRoles are the roles an invite grants, as the form names them.
var inviteRoles = []option{
	{Value: access.RoleStaff, Label: "工作人员"},
	{Value: access.RoleDeputy, Label: "代表"},
	{Value: access.RoleAdmin, Label: "管理员"},
}

// invitesPage is the invites page: the open invites and the form to make one.
type invitesPage struct {
	Invites []inviteRow
	Next    string
	Form    inviteForm
}

type inviteRow struct {
	identity.OpenInvite
	// Grant is the role and its scope in words.
	Grant string
	// Maker is who made it, in words.
	Maker string
}

// inviteForm is what the form shows beside the typed values: the choices
// of its selects, the stations of the chosen area, the deputies found.
type inviteForm struct {
	Roles []option
	// Area holds the area selects (city, county, township).
	Area stationForm
	// Whole is the staff scope: the whole chosen area ("area") or the
	// ticked stations ("stations").
	Whole    bool
	Stations []option
	// MoreStations: the area has more stations than are listed.
	MoreStations bool
	Deputies     []option
	// Searched: a deputy search was made (so "none found" can be said).
	Searched bool
}

// invitesMax is how many stations or deputies the form lists at once.
const invitesMax = 100

// invites lists the invites still open, newest first, with the form to make one.
func (c *Console) invites(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	v := url.Values{"role": {access.RoleStaff}, "scope": {"stations"}}
	q := r.URL.Query()
	if q.Get("deputy_id") != "" {
		v.Set("role", access.RoleDeputy)
		v.Set("deputy_id", q.Get("deputy_id"))
	}
	for _, k := range []string{"role", "city", "county", "township"} {
		if q.Get(k) != "" {
			v.Set(k, q.Get(k))
		}
	}
	if ids := q["station_ids"]; len(ids) > 0 {
		v["station_ids"] = ids
	}
	c.renderInvites(w, r, p, http.StatusOK, v, nil)
}

// renderInvites shows the invites page with the form holding v.
func (c *Console) renderInvites(w http.ResponseWriter, r *http.Request, p *access.Principal, status int, v url.Values, errs map[string]string) {
	page, ok := c.page(w, r, 50)
	if !ok {
		return
	}
	list, next, err := c.Identity.Invites(r.Context(), p, page)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	out := &invitesPage{Next: store.EncodeCursor(next)}
	if out.Invites, err = c.inviteRows(r.Context(), list); err != nil {
		c.fail(w, r, err)
		return
	}
	if out.Form, err = c.inviteForm(r.Context(), p, v); err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, status, "invites.html", view{Title: "邀请码", Nav: "invites", Errors: errs, Form: v, Data: out})
}

func (c *Console) inviteRows(ctx context.Context, list []identity.OpenInvite) ([]inviteRow, error) {
	grants := make([]access.Grant, len(list))
	for i, inv := range list {
		grants[i] = access.Grant{Role: inv.Role, AreaCode: inv.Scope.AreaCode, StationIDs: inv.Scope.StationIDs, DeputyID: inv.Scope.DeputyID}
	}
	words, err := c.wordsFor(ctx, grants)
	if err != nil {
		return nil, err
	}
	rows := make([]inviteRow, len(list))
	for i, inv := range list {
		rows[i] = inviteRow{OpenInvite: inv, Grant: words.say(grants[i]), Maker: "命令行操作员"}
		if inv.CreatedBy != nil {
			rows[i].Maker = "用户 " + strconv.FormatInt(*inv.CreatedBy, 10)
		}
	}
	return rows, nil
}

// inviteForm fills the form's choices for the values v (and drops area
// choices that do not belong together, as the station form does).
func (c *Console) inviteForm(ctx context.Context, p *access.Principal, v url.Values) (inviteForm, error) {
	f := inviteForm{Roles: choices(inviteRoles, v.Get("role")), Whole: v.Get("scope") == "area"}
	if err := c.areaChoices(ctx, &f.Area, v); err != nil {
		return f, err
	}
	// The stations: those ticked, then those of the chosen area.
	ticked := formIDs(v["station_ids"])
	seen := map[int64]bool{}
	if len(ticked) > 0 {
		refs, err := c.Registry.StationRefs(ctx, ticked)
		if err != nil {
			return f, err
		}
		for _, id := range ticked {
			if ref, ok := refs[id]; ok {
				f.Stations = append(f.Stations, option{Value: itoa(id), Label: ref.Name, Selected: true})
				seen[id] = true
			}
		}
	}
	if area := areaOf(v); area != "" {
		sts, next, err := c.Registry.Stations(ctx, p, registry.StationFilter{AreaCode: area}, store.Page{Limit: invitesMax})
		if err != nil {
			return f, err
		}
		for _, st := range sts {
			if !seen[st.ID] {
				f.Stations = append(f.Stations, option{Value: itoa(st.ID), Label: st.Name + "（" + st.Area.Name + "）"})
			}
		}
		f.MoreStations = !next.IsZero()
	}
	// The deputies: the one chosen, then those the search found.
	chosen, _ := strconv.ParseInt(v.Get("deputy_id"), 10, 64)
	if chosen > 0 {
		cards, err := c.Registry.PublicDeputies(ctx, []int64{chosen})
		if err != nil {
			return f, err
		}
		if d, ok := cards[chosen]; ok {
			f.Deputies = append(f.Deputies, option{Value: itoa(chosen), Label: d.Name, Selected: true})
		}
	}
	if q := strings.TrimSpace(v.Get("deputy_q")); q != "" {
		f.Searched = true
		deps, _, err := c.Registry.Deputies(ctx, p, registry.DeputyFilter{Q: q}, store.Page{Limit: 20})
		if err != nil && apperr.From(err).Kind != apperr.KindInvalid {
			return f, err
		}
		for _, d := range deps {
			if d.ID != chosen {
				f.Deputies = append(f.Deputies, option{Value: itoa(d.ID), Label: d.Name + "（" + pii.MaskPhone(d.Phone) + "）"})
			}
		}
	}
	return f, nil
}

// formIDs are the ids among vs; what is not an id is left out.
func formIDs(vs []string) []int64 {
	var out []int64
	for _, s := range vs {
		for _, part := range strings.Split(s, ",") {
			if id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64); err == nil && id > 0 {
				out = append(out, id)
			}
		}
	}
	return out
}

// inviteInput reads the form into the capability's input: only the scope
// fields of the chosen role.
func inviteInput(v url.Values) identity.InviteInput {
	in := identity.InviteInput{Role: v.Get("role")}
	switch in.Role {
	case access.RoleStaff:
		if v.Get("scope") == "area" {
			in.AreaCode = areaOf(v)
		} else {
			in.StationIDs = formIDs(v["station_ids"])
		}
	case access.RoleDeputy:
		in.DeputyID, _ = strconv.ParseInt(v.Get("deputy_id"), 10, 64)
	}
	return in
}

// newInvite is the page of a freshly made invite: shown once.
type newInvite struct {
	Code      string
	ExpiresAt time.Time
	Grant     string
	// Image is the mini program code as a data: URL ("" when WeChat is not
	// configured or did not answer: the code in text is enough).
	Image template.URL
}

// inviteCreate makes an invite from the form and shows its code once, on
// this answer itself: never in a URL, never again.
func (c *Console) inviteCreate(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, http.StatusBadRequest, "表单无法读取，请重新填写。")
		return
	}
	v := r.PostForm
	if v.Get("step") != "" {
		// 列出下一级 / 查找代表: the form again with its choices, nothing made.
		c.renderInvites(w, r, p, http.StatusOK, v, nil)
		return
	}
	in := inviteInput(v)
	if in.Role == access.RoleStaff && v.Get("scope") == "area" && in.AreaCode == "" {
		c.renderInvites(w, r, p, http.StatusBadRequest, v, map[string]string{"area_code": "请选择区域"})
		return
	}
	inv, err := c.Identity.CreateInvite(r.Context(), p, in)
	if err != nil {
		if fe, ok := formErrors(err, "role"); ok {
			c.renderInvites(w, r, p, http.StatusBadRequest, v, fe)
			return
		}
		c.fail(w, r, err)
		return
	}
	out := newInvite{Code: inv.InviteCode, ExpiresAt: inv.ExpiresAt}
	words, err := c.wordsFor(r.Context(), []access.Grant{{Role: in.Role, AreaCode: in.AreaCode, StationIDs: in.StationIDs, DeputyID: in.DeputyID}})
	if err == nil {
		out.Grant = words.say(access.Grant{Role: in.Role, AreaCode: in.AreaCode, StationIDs: in.StationIDs, DeputyID: in.DeputyID})
	}
	img, err := c.Identity.InviteImage(r.Context(), p, inv.InviteCode)
	switch {
	case err == nil:
		out.Image = template.URL("data:" + http.DetectContentType(img) + ";base64," + base64.StdEncoding.EncodeToString(img))
	case apperr.From(err).Kind != apperr.KindUnavailable:
		c.Log.WarnContext(r.Context(), "console: invite image", "error", err.Error())
	}
	c.render(w, r, http.StatusOK, "invites_new.html", view{Title: "新邀请码", Nav: "invites", Data: out})
}

// inviteCancel cancels an open invite: its code no longer works.
func (c *Console) inviteCancel(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	if err := c.Identity.CancelInvite(r.Context(), p, id); err != nil {
		c.fail(w, r, err)
		return
	}
	c.redirect(w, r, "/console/invites", "已作废邀请码（编号 "+itoa(id)+"），这个码不能再使用。")
}
