package console

import (
	"net/http"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/consultations"
	"github.com/liaison-stations/liaison/server/store"
)

// consultationView is a consultation's page for the office that runs it:
// the draft by article with the opinions on each, their review, and the
// office's tables.
type consultationView struct {
	*consultations.Consultation
	State  actLabel
	Reach  string
	Groups []opinionGroup
	// Remaining counts the opinions not yet reviewed.
	Remaining int
	// Reviewable: closed (or still open) with opinions to answer.
	Reviewable, Finishable bool
	Outcomes               []actStatusOption
	// Entry: the caller covers a station the consultation reaches, where
	// opinions may be entered.
	Entry          bool
	PublishConfirm string
	CloseConfirm   string
	// ClosesAtInput is closes_at for the form that moves it while open.
	ClosesAtInput string
	// Stats are the office's tables: per station and per county.
	Stats *consultations.Stats
	// PassOn counts, once reviewed, the answers the stations pass on to
	// people who left no contact (the 转告单).
	PassOn int
}

// opinionGroup is the opinions on one article (Article nil: the whole draft).
type opinionGroup struct {
	Article  *consultations.Article
	Opinions []opinionRow
}

type opinionRow struct {
	consultations.Opinion
	Source      string
	OutcomeName string
	OutcomeCode string
}

// maxOpinionsShown bounds the opinions read for the page.
const maxOpinionsShown = 2000

// authorKindName names where an opinion came from.
func authorKindName(k string) string {
	switch k {
	case consultations.AuthorDeputy:
		return "人大代表"
	case consultations.AuthorMeeting:
		return "座谈会"
	}
	return "群众"
}

// consultationShow is the consultation's page.
func (c *Console) consultationShow(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	c.showConsultation(w, r, p, http.StatusOK, nil)
}

// showConsultation renders the page; a refused review shows what is wrong
// at its top with status.
func (c *Console) showConsultation(w http.ResponseWriter, r *http.Request, p *access.Principal, status int, errs map[string]string) {
	cs, ok := c.consultationOf(w, r, p)
	if !ok {
		return
	}
	ctx := r.Context()
	v := &consultationView{Consultation: cs, State: consultationStatus(cs.Status), Reach: reachText(cs.AreaName, len(cs.StationIDs))}
	for _, o := range consultations.Outcomes {
		v.Outcomes = append(v.Outcomes, actStatusOption{o.Code, o.Name})
	}
	v.PublishConfirm = "发布后草案条文不能再修改，联络站和群众即可按条提出意见（共 " + itoa(int64(len(cs.Articles))) + " 条）。确定发布吗？"
	v.CloseConfirm = "结束后不再接收新的意见。确定现在结束征求意见吗？"
	v.ClosesAtInput = actLocalInput(cs.ClosesAt)

	var all []consultations.Opinion
	page := store.Page{Limit: 200}
	for len(all) < maxOpinionsShown {
		rows, next, err := c.Consultations.Opinions(ctx, p, cs.ID, consultations.OpinionFilter{}, page)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		all = append(all, rows...)
		if next.IsZero() {
			break
		}
		page.After = next
	}
	byArticle := map[int64][]opinionRow{}
	var whole []opinionRow
	for i := len(all) - 1; i >= 0; i-- { // oldest first
		o := all[i]
		row := opinionRow{Opinion: o, Source: authorKindName(o.AuthorKind)}
		if o.Outcome != nil {
			row.OutcomeName, row.OutcomeCode = consultations.OutcomeName(*o.Outcome), *o.Outcome
		} else {
			v.Remaining++
		}
		if o.ArticleID == nil {
			whole = append(whole, row)
		} else {
			byArticle[*o.ArticleID] = append(byArticle[*o.ArticleID], row)
		}
	}
	if len(whole) > 0 {
		v.Groups = append(v.Groups, opinionGroup{Opinions: whole})
	}
	for i := range cs.Articles {
		a := &cs.Articles[i]
		if rows := byArticle[a.ID]; len(rows) > 0 {
			v.Groups = append(v.Groups, opinionGroup{Article: a, Opinions: rows})
		}
	}
	if cs.Status != consultations.StatusDraft {
		st, err := c.Consultations.Stats(ctx, p, cs.ID)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		v.Stats = st
		for _, s := range st.Stations {
			if s.Station != nil && cs.Status == consultations.StatusReviewed {
				v.PassOn += len(s.ToPassOn)
			}
		}
	}
	v.Reviewable = cs.Status == consultations.StatusClosed && len(all) > 0
	v.Finishable = cs.Status == consultations.StatusClosed && v.Remaining == 0
	v.Entry = cs.Status == consultations.StatusOpen
	c.render(w, r, status, "consultation.html", view{Title: cs.Title, Nav: "consultations", Errors: errs, Data: v})
}
