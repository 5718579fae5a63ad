package console_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// An import batch whose shared strings unzip past import_limits is refused
// on the upload page, in plain Chinese beside the file field, and keeps
// nothing.
func TestAnImportBatchThatUnzipsPastTheLimitIsRefused(t *testing.T) {
	s := wired.New(t, wired.Configure(func(c *config.Config) {
		c.ImportLimits.SharedStringsMaxBytes, c.ImportLimits.XMLMemoryBytes = 1<<20, 1<<20
	}))
	a := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	file := testkit.PadSharedStrings(t, importSheet(t, b, [][]any{{"张三", "13800000001"}}), 3<<20)

	w := upload(t, b, "名单.xlsx", file)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "表格里的文字解压后超过 1 MB")
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputy_imports"))
}
