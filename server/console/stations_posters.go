package console

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/registry"
)

// maxPosters bounds one print run: two pages of the list.
const maxPosters = 100

// poster is one station's A4 poster.
type poster struct {
	Station *registry.Station
	// Code is the mini program code as a data: URL; empty when it cannot be
	// made (WeChat not configured or not answering), with Missing saying so.
	Code    template.URL
	Missing string
}

// pickedIDs reads ?ids=1,2,3 or ?ids=1&ids=2, each once, in their order;
// ok is false when one is not a positive number.
func pickedIDs(q url.Values) (ids []int64, ok bool) {
	for _, v := range q["ids"] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				return nil, false
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids, true
}

// printIDs reads the ids a print page was asked for (?ids=1,2,3 or
// ?ids=1&ids=2), at least one and at most max; otherwise it answers (404 for
// ids that are not ids, 400 with none or too many) and returns false.
func (c *Console) printIDs(w http.ResponseWriter, r *http.Request, max int, none, tooMany string) ([]int64, bool) {
	ids, ok := pickedIDs(r.URL.Query())
	switch {
	case !ok:
		c.notFound(w, r)
	case len(ids) == 0:
		c.renderError(w, r, http.StatusBadRequest, none)
	case len(ids) > max:
		c.renderError(w, r, http.StatusBadRequest, tooMany)
	default:
		return ids, true
	}
	return nil, false
}

// stationsPosters prints the posters of the chosen stations, one A4 sheet
// each: ?ids=1,2,3 or ?ids=1&ids=2. A station not there or not the
// caller's among them is a 404 for the whole page.
func (c *Console) stationsPosters(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	ids, ok := c.printIDs(w, r, maxPosters, "请先在联络站列表中勾选要打印海报的联络站。", "一次最多打印"+strconv.Itoa(maxPosters)+"张海报，请分批勾选。")
	if !ok {
		return
	}
	posters := make([]poster, 0, len(ids))
	for _, id := range ids {
		st, err := c.Registry.Station(r.Context(), p, id)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		posters = append(posters, poster{Station: st})
	}
	for i := range posters {
		img, err := c.Registry.StationCode(r.Context(), p, posters[i].Station.ID)
		if err != nil {
			if e := apperr.From(err); e.Kind == apperr.KindUnavailable {
				posters[i].Missing = e.Message
				continue
			}
			c.fail(w, r, err)
			return
		}
		posters[i].Code = template.URL("data:" + img.Type + ";base64," + base64.StdEncoding.EncodeToString(img.Data))
	}
	title := "联络站海报"
	if len(posters) == 1 {
		title = posters[0].Station.Name + " 海报"
	}
	c.render(w, r, http.StatusOK, "posters.html", view{Title: title, Nav: "stations", Print: true, Data: posters})
}
