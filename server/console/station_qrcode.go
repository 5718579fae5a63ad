package console

import (
	"net/http"

	"github.com/liaison-stations/liaison/server/access"
)

// stationCode is the station's mini program code image, as WeChat made it,
// for staff in scope (to save or to print on other material).
func (c *Console) stationCode(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	st, ok := c.stationOf(w, r, p)
	if !ok {
		return
	}
	img, err := c.Registry.StationCode(r.Context(), p, st.ID)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", img.Type)
	if r.URL.Query().Get("download") != "" {
		ext := ".jpg"
		if img.Type == "image/png" {
			ext = ".png"
		}
		w.Header().Set("Content-Disposition", `attachment; filename="station-`+itoa(st.ID)+ext+`"`)
	}
	_, _ = w.Write(img.Data)
}
