package console

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// maxDocxXML caps word/document.xml as read out of the zip: a draft of a
// few hundred articles is well under a megabyte of XML.
const maxDocxXML = 16 << 20

var errNotDocx = errors.New("不是 Word（.docx）文件，请另存为 .docx 后再导入，或直接粘贴全文")

// docxText is the text of a .docx file, one paragraph a line: the w:t runs
// of every w:p of word/document.xml, with w:tab as a space and w:br as a
// line break. Tables' cells are paragraphs too.
func docxText(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", errNotDocx
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return "", errNotDocx
	}
	rc, err := doc.Open()
	if err != nil {
		return "", errNotDocx
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, maxDocxXML))
	var out, para strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", errNotDocx
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				para.WriteString(" ")
			case "br", "cr":
				para.WriteString("\n")
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				out.WriteString(strings.TrimRight(para.String(), " "))
				out.WriteString("\n")
				para.Reset()
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
	}
	return strings.TrimSpace(out.String()), nil
}
