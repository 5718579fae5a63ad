package console

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/registry"
)

// maxCards bounds one print run of deputies' cards: two pages of the list.
const maxCards = 100

// cardsPerSheet is how many deputies' cards one A4 sheet holds (two by two).
const cardsPerSheet = 4

// deputyCard is one deputy's printed card (代表码名片).
type deputyCard struct {
	Deputy     *registry.Deputy
	LevelNames string
	Stations   []string
	// Code is the deputy's mini program code as a data: URL; empty when it
	// cannot be made (WeChat not configured or not answering), with Missing
	// saying so.
	Code    template.URL
	Missing string
}

// deputyCardsPage is the cards, a sheet of four at a time or one card a
// page (Single), and the deputies left out because their term ended.
type deputyCardsPage struct {
	Sheets [][]deputyCard
	Count  int
	Left   []string
	// Single: one card a page, an A6 page each (?layout=single).
	Single bool
	// IDs are the ids asked for, for the link to the other layout.
	IDs string
}

// layoutSingle is the ?layout= of one card a page.
const layoutSingle = "single"

// deputiesCards prints the cards of the chosen deputies, four to an A4
// sheet, or with ?layout=single one card to an A6 page (a print shop's PDF,
// card stock): ?ids=1,2,3 or ?ids=1&ids=2. A deputy not there or not the
// caller's among them is a 404 for the whole page; one whose term ended
// gets no card.
func (c *Console) deputiesCards(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	ids, ok := c.printIDs(w, r, maxCards, "请先在代表列表中选择要打印名片的代表。", "一次最多打印"+strconv.Itoa(maxCards)+"位代表的名片，请分批打印。")
	if !ok {
		return
	}
	out := deputyCardsPage{Single: r.URL.Query().Get("layout") == layoutSingle}
	asked := make([]string, len(ids))
	for i, id := range ids {
		asked[i] = strconv.FormatInt(id, 10)
	}
	out.IDs = strings.Join(asked, ",")
	perSheet := cardsPerSheet
	if out.Single {
		perSheet = 1
	}
	var cards []deputyCard
	var stationIDs []int64
	for _, id := range ids {
		d, err := c.Registry.Deputy(r.Context(), p, id)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		if !d.Active {
			out.Left = append(out.Left, d.Name)
			continue
		}
		cards = append(cards, deputyCard{Deputy: d, LevelNames: levelNames(d.Levels)})
		stationIDs = append(stationIDs, d.StationIDs...)
	}
	refs, err := c.Registry.StationRefs(r.Context(), stationIDs)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	for i := range cards {
		for _, id := range cards[i].Deputy.StationIDs {
			if ref, ok := refs[id]; ok {
				cards[i].Stations = append(cards[i].Stations, ref.Name)
			}
		}
		img, err := c.Registry.DeputyCode(r.Context(), p, cards[i].Deputy.ID)
		if err != nil {
			if e := apperr.From(err); e.Kind == apperr.KindUnavailable {
				cards[i].Missing = e.Message
				continue
			}
			c.fail(w, r, err)
			return
		}
		cards[i].Code = template.URL("data:" + img.Type + ";base64," + base64.StdEncoding.EncodeToString(img.Data))
	}
	out.Count = len(cards)
	for len(cards) > 0 {
		n := min(perSheet, len(cards))
		out.Sheets = append(out.Sheets, cards[:n])
		cards = cards[n:]
	}
	title := "代表名片"
	if out.Count == 1 {
		title = out.Sheets[0][0].Deputy.Name + " 名片"
	}
	c.render(w, r, http.StatusOK, "deputy_cards.html", view{Title: title, Nav: "deputies", Print: true, Data: out})
}
