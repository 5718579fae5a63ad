package console_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// padSharedStrings is an .xlsx whose shared strings are padded by size
// bytes of repeated text: a small file that unzips large.
func padSharedStrings(t *testing.T, file []byte, size int) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	padded := false
	for _, f := range zr.File {
		r, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(r)
		require.NoError(t, err)
		if f.Name == "xl/sharedStrings.xml" {
			pad := "<si><t>" + strings.Repeat("重复的文字", 20) + "</t></si>"
			data = bytes.Replace(data, []byte("</sst>"), []byte(strings.Repeat(pad, size/len(pad)+1)+"</sst>"), 1)
			padded = true
		}
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.True(t, padded, "the file has shared strings")
	return out.Bytes()
}

// An import batch whose shared strings unzip past import_limits is refused
// on the upload page, in plain Chinese beside the file field, and keeps
// nothing.
func TestAnImportBatchThatUnzipsPastTheLimitIsRefused(t *testing.T) {
	s := wired.New(t, wired.Configure(func(c *config.Config) {
		c.ImportLimits.SharedStringsMaxBytes, c.ImportLimits.XMLMemoryBytes = 1<<20, 1<<20
	}))
	a := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	file := padSharedStrings(t, importSheet(t, b, [][]any{{"张三", "13800000001"}}), 3<<20)

	w := upload(t, b, "名单.xlsx", file)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "表格里的文字解压后超过 1 MB")
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputy_imports"))
}
