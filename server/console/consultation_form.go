package console

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/consultations"
)

// consultationFormView is the form of a new or drafted consultation, with
// the split preview (预览拆分) when staff asked for it.
type consultationFormView struct {
	ID       int64
	Action   string
	Areas    []areaOption
	Stations []stationOption
	More     bool
	// Split is the text as it will be cut into articles (nil: not asked).
	Split *consultations.Split
}

type areaOption struct{ Code, Name string }

type stationOption struct {
	ID           int64
	Name         string
	ContactPoint bool
	Checked      bool
}

// maxDocxUpload caps the form with a .docx in it (the console's body limit
// caps it first).
const maxDocxUpload = 4 << 20

// consultationNew is the empty form, for an office.
func (c *Console) consultationNew(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	if !isOffice(p) {
		c.notFound(w, r)
		return
	}
	form := url.Values{"reach": {"area"}}
	c.consultationForm(w, r, p, http.StatusOK, 0, form, nil, nil)
}

// consultationEdit is a draft's form.
func (c *Console) consultationEdit(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	cs, ok := c.consultationOf(w, r, p)
	if !ok {
		return
	}
	if cs.Status != consultations.StatusDraft {
		c.fail(w, r, consultations.ErrNotDraft)
		return
	}
	form := url.Values{
		"title": {cs.Title}, "explanation": {cs.Explanation}, "text": {cs.Text},
		"opens_at": {actLocalInput(cs.OpensAt)}, "closes_at": {actLocalInput(cs.ClosesAt)},
		"area_code": {cs.AreaCode}, "reach": {"area"},
	}
	if len(cs.StationIDs) > 0 {
		form.Set("reach", "stations")
		for _, id := range cs.StationIDs {
			form.Add("station_id", itoa(id))
		}
	}
	c.consultationForm(w, r, p, http.StatusOK, cs.ID, form, nil, nil)
}

// consultationOf is the consultation of the path's {id} the caller runs; it
// has shown the not-found page otherwise.
func (c *Console) consultationOf(w http.ResponseWriter, r *http.Request, p *access.Principal) (*consultations.Consultation, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return nil, false
	}
	cs, err := c.Consultations.Get(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return nil, false
	}
	return cs, true
}

// consultationForm renders the form with what was typed.
func (c *Console) consultationForm(w http.ResponseWriter, r *http.Request, p *access.Principal, status int, id int64, form url.Values, errs map[string]string, split *consultations.Split) {
	data := &consultationFormView{ID: id, Action: "/console/consultations/new", Split: split}
	title := "新建征求意见稿"
	if id > 0 {
		data.Action = "/console/consultations/" + itoa(id) + "/edit"
		title = "修改征求意见稿"
	}
	ctx := r.Context()
	areas, err := c.officeAreas(ctx, p)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data.Areas = areas
	choice, err := c.actStationChoice(ctx, p)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data.More = choice.More
	checked := form["station_id"]
	for _, st := range choice.List {
		if !st.Active {
			continue
		}
		data.Stations = append(data.Stations, stationOption{ID: st.ID, Name: st.Name, ContactPoint: st.LegislativeContactPoint,
			Checked: slices.Contains(checked, itoa(st.ID))})
	}
	// 基层立法联系点 first: they are the usual choice.
	slices.SortStableFunc(data.Stations, func(a, b stationOption) int {
		switch {
		case a.ContactPoint == b.ContactPoint:
			return 0
		case a.ContactPoint:
			return -1
		}
		return 1
	})
	c.render(w, r, status, "consultation_form.html", view{Title: title, Nav: "consultations", Form: form, Errors: errs, Data: data})
}

// officeAreas are the areas whose consultations the caller may run: the
// region or the city of an area grant (and the region's cities), every
// region and city for an admin.
func (c *Console) officeAreas(ctx context.Context, p *access.Principal) ([]areaOption, error) {
	sc := p.Scope()
	var regions, cities []string
	if sc.All {
		top, err := c.Registry.Areas(ctx, "")
		if err != nil {
			return nil, err
		}
		for _, a := range top {
			regions = append(regions, a.Code)
		}
	}
	for _, pre := range sc.AreaPrefixes {
		switch len(pre) {
		case 2:
			regions = append(regions, pre+"0000")
		case 4:
			cities = append(cities, pre+"00")
		}
	}
	out := []areaOption{}
	for _, code := range regions {
		names, err := c.Registry.AreaNames(ctx, []string{code})
		if err != nil {
			return nil, err
		}
		out = append(out, areaOption{code, names[code] + "（全区）"})
		children, err := c.Registry.Areas(ctx, code)
		if err != nil {
			return nil, err
		}
		for _, a := range children {
			if strings.HasSuffix(a.Code, "00") && len(a.Code) == 6 {
				out = append(out, areaOption{a.Code, a.Name})
			}
		}
	}
	if len(cities) > 0 {
		names, err := c.Registry.AreaNames(ctx, cities)
		if err != nil {
			return nil, err
		}
		for _, code := range cities {
			if !slices.ContainsFunc(out, func(o areaOption) bool { return o.Code == code }) {
				out = append(out, areaOption{code, names[code]})
			}
		}
	}
	return out, nil
}

// consultationCreate is the new form's POST: 预览拆分, 从 Word 导入, or 保存草稿.
func (c *Console) consultationCreate(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	if !isOffice(p) {
		c.notFound(w, r)
		return
	}
	c.consultationPost(w, r, p, 0)
}

// consultationUpdate is a draft's form POST.
func (c *Console) consultationUpdate(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	cs, ok := c.consultationOf(w, r, p)
	if !ok {
		return
	}
	c.consultationPost(w, r, p, cs.ID)
}

func (c *Console) consultationPost(w http.ResponseWriter, r *http.Request, p *access.Principal, id int64) {
	if err := r.ParseMultipartForm(maxDocxUpload); err != nil && err != http.ErrNotMultipart {
		c.renderError(w, r, http.StatusBadRequest, "表单无法读取（文件过大？），请重新填写。")
		return
	}
	form := r.PostForm
	switch form.Get("action") {
	case "import":
		errs := map[string]string{}
		text, err := c.uploadedDocx(r)
		if err != nil {
			errs["docx"] = err.Error()
			c.consultationForm(w, r, p, http.StatusBadRequest, id, form, errs, nil)
			return
		}
		form.Set("text", text)
		split := consultations.SplitText(text)
		c.consultationForm(w, r, p, http.StatusOK, id, form, nil, &split)
		return
	case "preview":
		split := consultations.SplitText(form.Get("text"))
		c.consultationForm(w, r, p, http.StatusOK, id, form, nil, &split)
		return
	}
	in, fe := parseConsultationForm(form, id > 0)
	var cs *consultations.Consultation
	var err error
	if len(fe) == 0 {
		if id == 0 {
			cs, err = c.Consultations.Create(r.Context(), p, in)
		} else {
			cs, err = c.Consultations.Update(r.Context(), p, id, in)
		}
	}
	if err != nil {
		e, ok := fieldErrors(err)
		if !ok {
			c.fail(w, r, err)
			return
		}
		fe = e
	}
	if len(fe) > 0 {
		split := consultations.SplitText(form.Get("text"))
		c.consultationForm(w, r, p, http.StatusBadRequest, id, form, fe, &split)
		return
	}
	c.redirect(w, r, "/console/consultations/"+itoa(cs.ID), "已保存为草稿。请核对下面的条文，无误后点“发布”。")
}

var errNoDocx = errors.New("请选择要导入的 Word（.docx）文件")

// uploadedDocx reads the form's .docx file.
func (c *Console) uploadedDocx(r *http.Request) (string, error) {
	f, _, err := r.FormFile("docx")
	if err != nil {
		return "", errNoDocx
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxDocxUpload))
	if err != nil {
		return "", errNotDocx
	}
	return docxText(data)
}

// parseConsultationForm reads the form into a change of every field.
func parseConsultationForm(f url.Values, update bool) (consultations.Input, apperr.FieldErrors) {
	fe := apperr.FieldErrors{}
	str := func(k string) *string { v := f.Get(k); return &v }
	in := consultations.Input{Title: str("title"), Explanation: str("explanation"), Text: str("text")}
	if t, ok := actParseLocal(f.Get("opens_at")); ok {
		in.OpensAt = &t
	} else {
		fe.Add("opens_at", "请填写开始时间")
	}
	if t, ok := actParseLocal(f.Get("closes_at")); ok {
		in.ClosesAt = &t
	} else {
		fe.Add("closes_at", "请填写截止时间")
	}
	ids := []int64{}
	if f.Get("reach") == "stations" {
		for _, v := range f["station_id"] {
			id, err := strconv.ParseInt(v, 10, 64)
			fe.Check(err != nil || id <= 0, "station_ids", "联络站编号无效")
			ids = append(ids, id)
		}
		fe.Check(len(ids) == 0, "station_ids", "请至少选择一个联络站")
		if a := f.Get("area_code"); a != "" && !update {
			in.AreaCode = &a
		}
	} else {
		a := f.Get("area_code")
		fe.Check(a == "", "area_code", "请选择征求意见的地区")
		in.AreaCode = &a
	}
	in.StationIDs = &ids
	return in, fe
}

// consultationPublish opens a draft for opinions.
func (c *Console) consultationPublish(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	cs, err := c.Consultations.Publish(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.redirect(w, r, "/console/consultations/"+itoa(id), "已发布：联络站和群众现在可以按条提出意见，截止到 "+formatTime(cs.ClosesAt, "2006-01-02 15:04")+"。")
}

// consultationClose ends an open consultation.
func (c *Console) consultationClose(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	if _, err := c.Consultations.Close(r.Context(), p, id); err != nil {
		c.fail(w, r, err)
		return
	}
	c.redirect(w, r, "/console/consultations/"+itoa(id), "征求意见已结束，不再接收新的意见。请逐条反馈采纳情况。")
}

// consultationClosesAt moves the end of an open consultation (extends it,
// or brings it forward, never into the past); nothing else of a published
// draft changes. A bad time shows on the page beside the field.
func (c *Console) consultationClosesAt(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	t, ok := actParseLocal(r.PostFormValue("closes_at"))
	if !ok {
		c.showConsultation(w, r, p, http.StatusBadRequest, map[string]string{"closes_at": "请填写新的截止时间"})
		return
	}
	cs, err := c.Consultations.Update(r.Context(), p, id, consultations.Input{ClosesAt: &t})
	if err != nil {
		if errs, ok := fieldErrors(err); ok {
			c.showConsultation(w, r, p, http.StatusBadRequest, errs)
			return
		}
		c.fail(w, r, err)
		return
	}
	c.redirect(w, r, "/console/consultations/"+itoa(id), "截止时间已改为 "+formatTime(cs.ClosesAt, "2006-01-02 15:04")+"。")
}
