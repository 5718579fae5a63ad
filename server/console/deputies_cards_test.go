package console_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestDeputyCardsPrintFourToASheetWithTheirCodes(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	other := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	var ids []string
	for i, name := range []string{"韦建国", "覃海燕", "黄志明", "陆小红", "蒙大林"} {
		ids = append(ids, id(s.Deputy(t, name, "1390000000"+itoa(int64(i+1)), a)))
	}
	left := s.Deputy(t, "莫离任", "13900000009", a)
	s.DB.Exec(t, "UPDATE deputies SET active = 0, levels = 'county' WHERE id = ?", left)
	s.DB.Exec(t, "UPDATE deputies SET levels = 'city,county' WHERE id = ?", ids[0])
	outsider := s.Deputy(t, "外站代表", "13900000008", other)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})

	// The list offers the page's serving deputies' cards.
	w := b.Get(t, "/console/deputies")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `href="/console/deputies/cards?ids=`+strings.Join(ids, "%2c")+`"`)

	w = b.Get(t, "/console/deputies/cards?ids="+strings.Join(ids, ",")+","+id(left))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	page := w.Body.String()
	assert.Equal(t, 2, strings.Count(page, `class="sheet cards"`), "five cards on two A4 sheets")
	assert.Equal(t, 5, strings.Count(page, `class="deputy-card"`))
	assert.Equal(t, 5, strings.Count(page, `src="data:image/jpeg;base64,`), "each card has its deputy's code")
	assert.Equal(t, 5, strings.Count(page, "扫码给我留言"))
	assert.Equal(t, 5, strings.Count(page, `<p class="card-station">民生街道联络站</p>`))
	assert.Contains(t, page, "市、县（市、区）人大代表")
	assert.Contains(t, page, "以下代表已离任，不印名片：莫离任")
	assert.NotContains(t, page, "13900000001", "no phone on a card")
	assert.NotContains(t, page, `class="sidebar"`, "paper has no menu")
	assert.Len(t, s.WeChat.QRCodeRequests(), 5, "one code per deputy, from WeChat once")
	for _, r := range s.WeChat.QRCodeRequests() {
		assert.Equal(t, "pages/deputy/index", r.Page)
	}

	assert.Equal(t, http.StatusNotFound, b.Get(t, "/console/deputies/cards?ids="+ids[0]+","+id(outsider)).Code, "another county's deputy")
	w = b.Get(t, "/console/deputies/cards")
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请先在代表列表中选择")

	s.WeChat.FailQRCode(45009)
	s.DB.Exec(t, "DELETE FROM deputy_codes")
	w = b.Get(t, "/console/deputies/cards?ids="+ids[0])
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "card-code missing")
	assert.NotContains(t, w.Body.String(), "data:image")
}

func TestADeputysPageLinksToTheirCardAndTheMessagesWrittenToThem(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "韦建国", "13900000001", a)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})
	w := b.Get(t, "/console/deputies/"+id(dep))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `href="/console/messages?addressee=`+id(dep)+`"`)
	assert.Contains(t, w.Body.String(), `href="/console/deputies/cards?ids=`+id(dep)+`"`)
}

func TestDeputyCardsOneToAPageWhenAsked(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	var ids []string
	for i, name := range []string{"韦建国", "覃海燕", "黄志明", "陆小红", "蒙大林"} {
		ids = append(ids, id(s.Deputy(t, name, "1390000000"+itoa(int64(i+1)), a)))
	}
	left := s.Deputy(t, "莫离任", "13900000009", a)
	s.DB.Exec(t, "UPDATE deputies SET active = 0 WHERE id = ?", left)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})
	all := strings.Join(ids, ",") + "," + id(left)

	// The sheet of four offers the other layout, and the other way round.
	w := b.Get(t, "/console/deputies/cards?ids="+all)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `href="/console/deputies/cards?ids=`+strings.Join(append(ids, id(left)), "%2c")+`&amp;layout=single">改为每张名片单独一页（A6）</a>`)
	assert.NotContains(t, w.Body.String(), "cards-single.css")

	w = b.Get(t, "/console/deputies/cards?layout=single&ids="+all)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	page := w.Body.String()
	assert.Equal(t, 5, strings.Count(page, `class="sheet card-single"`), "a page of its own for each card")
	assert.Equal(t, 0, strings.Count(page, `class="sheet cards"`))
	assert.Equal(t, 5, strings.Count(page, `class="deputy-card"`))
	assert.Equal(t, 5, strings.Count(page, `src="data:image/jpeg;base64,`), "each card has its deputy's code")
	assert.Contains(t, page, `<link rel="stylesheet" href="/console/static/cards-single.css">`, "the A6 page size")
	assert.Contains(t, page, "共 5 张名片，每张一页（A6 大小")
	assert.Contains(t, page, "以下代表已离任，不印名片：莫离任")
	assert.Contains(t, page, `>改为每张 A4 纸印 4 张</a>`)

	css := b.Get(t, "/console/static/cards-single.css")
	require.Equal(t, http.StatusOK, css.Code)
	assert.Contains(t, css.Body.String(), "size: 105mm 148mm", "A6")
}
