package testkit

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// PadSharedStrings is file (an .xlsx) with its shared strings padded by
// size bytes of repeated text: a small file that unzips large, for the
// tests of the import's unzip limits. It fails the test when the file has
// no shared strings to pad.
func PadSharedStrings(t testing.TB, file []byte, size int) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatalf("testkit: xlsx: %v", err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	padded := false
	for _, f := range zr.File {
		data, err := readZipped(f)
		if err != nil {
			t.Fatalf("testkit: xlsx %s: %v", f.Name, err)
		}
		if f.Name == "xl/sharedStrings.xml" {
			pad := "<si><t>" + strings.Repeat("重复的文字", 20) + "</t></si>"
			data = bytes.Replace(data, []byte("</sst>"), []byte(strings.Repeat(pad, size/len(pad)+1)+"</sst>"), 1)
			padded = true
		}
		w, err := zw.Create(f.Name)
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			t.Fatalf("testkit: xlsx %s: %v", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatalf("testkit: xlsx: %v", err)
	}
	if !padded {
		t.Fatalf("testkit: the file has no shared strings to pad")
	}
	return out.Bytes()
}

func readZipped(f *zip.File) ([]byte, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}
