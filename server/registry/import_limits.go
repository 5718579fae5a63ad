package registry

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"

	"github.com/liaison-stations/liaison/server/apperr"
)

// ImportLimits bound what opening an uploaded .xlsx (a zip of XML parts)
// may cost: a 438 KB file can hold shared strings that unzip to 170 MB and
// take minutes to read.
type ImportLimits struct {
	// UnzipMaxBytes is what all the file's parts may unzip to together.
	UnzipMaxBytes int64
	// SharedStringsMaxBytes is what the shared strings part (the text of
	// the cells) may unzip to: it is read whole before the first row.
	SharedStringsMaxBytes int64
	// XMLMemoryBytes is the largest sheet or shared strings part unzipped
	// into memory; a larger one goes to a temporary file.
	XMLMemoryBytes int64
}

// DefaultImportLimits fit the largest batch (MaxBatchRows rows of names,
// phones and employers) with room to spare.
func DefaultImportLimits() ImportLimits {
	return ImportLimits{UnzipMaxBytes: 150 << 20, SharedStringsMaxBytes: 32 << 20, XMLMemoryBytes: 16 << 20}
}

func (l ImportLimits) orDefaults() ImportLimits {
	d := DefaultImportLimits()
	if l.UnzipMaxBytes <= 0 {
		l.UnzipMaxBytes = d.UnzipMaxBytes
	}
	if l.SharedStringsMaxBytes <= 0 {
		l.SharedStringsMaxBytes = d.SharedStringsMaxBytes
	}
	if l.XMLMemoryBytes <= 0 {
		l.XMLMemoryBytes = d.XMLMemoryBytes
	}
	return l
}

// check reads the zip's directory, not its parts: the sizes it declares
// are the ones the zip reader holds the parts to, so a file declaring more
// than the limits is refused before anything is unzipped.
func (l ImportLimits) check(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return &apperr.Error{Kind: apperr.KindInvalid, Code: errInvalidFile.Code, Message: errInvalidFile.Message, Err: err}
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), "xl/sharedStrings.xml") && f.UncompressedSize64 > uint64(l.SharedStringsMaxBytes) {
			return errUnzippedTooLarge(l.SharedStringsMaxBytes, "表格里的文字")
		}
		if total > uint64(l.UnzipMaxBytes) {
			return errUnzippedTooLarge(l.UnzipMaxBytes, "文件")
		}
	}
	return nil
}

func errUnzippedTooLarge(limit int64, what string) error {
	return apperr.New(apperr.KindTooLarge, "file_unzipped_too_large",
		fmt.Sprintf("%s解压后超过 %d MB，内容太多，无法导入。请只保留名单这一张表、删去多余的内容，或把名单分成几个文件导入。", what, limit>>20))
}
