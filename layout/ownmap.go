package layout

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/yusuan/yusuan"
)

// OwnMapPrefix starts the table map yusuan embeds in what it writes.
const OwnMapPrefix = "yusuan-map/1:"

// MaxOwnMap bounds a table map once unpacked: a hostile file claiming to
// be yusuan's own is read no further than this.
const MaxOwnMap = 16 << 20

// OwnMap is the table map yusuan embeds in a rendering of a document with
// tables no profile declares (read with the general profile, or beside a
// profile's tables):
// the structure that is not printed — each table's kind and number, its
// columns' keys and types, its rows' keys and levels — and, for a PDF,
// where each printed row and column was drawn. The figures, codes, names
// and texts are never in the map: the reader takes every cell from the
// printed grid, so what yusuan checks is what a person sees.
type OwnMap struct {
	Profile    string            `json:"profile"`
	Kind       string            `json:"kind,omitempty"`
	Level      string            `json:"level,omitempty"`
	Year       int               `json:"year,omitempty"`
	Department yusuan.Department `json:"department"`
	Title      string            `json:"title,omitempty"`
	// Sheet is the worksheet of the narrative in a workbook.
	Sheet string `json:"sheet,omitempty"`
	// FirstPage is the PDF page the first table starts on: everything
	// from it on is tables.
	FirstPage int        `json:"first_page,omitempty"`
	Tables    []OwnTable `json:"tables"`
	// Parts and Sections are the narrative's part titles and sections, in
	// print order; the paragraphs are read from the print.
	Parts    []string     `json:"parts,omitempty"`
	Sections []OwnSection `json:"sections,omitempty"`
}

// OwnSection is one section of the narrative: its key, part and title,
// and where each of its paragraphs was written.
type OwnSection struct {
	Key   string    `json:"key,omitempty"`
	Part  int       `json:"part"`
	Title string    `json:"title,omitempty"`
	Paras []OwnPara `json:"paras"`
	// Head is where the section's title (or, when the title is the
	// part's, the part's) was written.
	Head OwnPara `json:"head"`
}

// OwnPara is where a paragraph was written: the rows of a worksheet (a
// long paragraph is split over several cells), or its boxes in a PDF. In
// Markdown a paragraph is one line, found in print order.
type OwnPara struct {
	Rows  []int    `json:"rows,omitempty"`
	Boxes []OwnBox `json:"boxes,omitempty"`
}

// OwnTable is one table of an OwnMap, printed as one grid: the code
// columns (Codes of them: the 类/款/项 parts or one joined code), the name
// column, the government economic code and name when Gov, then one
// column per Columns entry.
type OwnTable struct {
	// Declared marks a table of the document's profile: the profile's
	// titles and headers find it, and the map gives only its number,
	// kind and title.
	Declared bool             `json:"declared,omitempty"`
	Number   int              `json:"number"`
	Kind     yusuan.TableKind `json:"kind"`
	Title    string           `json:"title"`
	Unit     string           `json:"unit"`
	Project  string           `json:"project,omitempty"`
	Note     string           `json:"note,omitempty"`
	Columns  []yusuan.Column  `json:"columns"`
	Codes    int              `json:"codes"`
	Gov      bool             `json:"gov,omitempty"`
	Rows     []OwnRow         `json:"rows"`
	// Sheet is the worksheet of the table in a workbook.
	Sheet string `json:"sheet,omitempty"`
	// Header is the number of printed header rows.
	Header int `json:"header"`
	// Xs are the printed columns' edges in a PDF (len = columns + 1).
	Xs []float64 `json:"xs,omitempty"`
	// Pages are the first and last PDF page the table is printed on.
	Pages [2]int `json:"pages"`
}

// OwnRow is one table row: what the grid does not print, and in a PDF
// where the row was drawn.
type OwnRow struct {
	Key   string `json:"key,omitempty"`
	Level string `json:"level,omitempty"`
	// Swap lists the columns whose cell is not of its column's type: text
	// in an amount column, an amount in a text column.
	Swap []string `json:"swap,omitempty"`
	// Boxes are the row's extents in a PDF, one per page it is drawn on.
	Boxes []OwnBox `json:"boxes,omitempty"`
}

// OwnBox is a vertical extent on a page of a PDF, in points from the top.
type OwnBox struct {
	Page int     `json:"p"`
	Y0   float64 `json:"y0"`
	Y1   float64 `json:"y1"`
}

// Encode returns the map as one line of ASCII: the prefix and the
// base64 of its gzipped JSON.
func (m *OwnMap) Encode() string {
	j, _ := json.Marshal(m)
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(j)
	zw.Close()
	return OwnMapPrefix + base64.StdEncoding.EncodeToString(b.Bytes())
}

// DecodeOwnMap reads a map written by Encode.
func DecodeOwnMap(s string) (*OwnMap, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, OwnMapPrefix) {
		return nil, errors.New("不是 yusuan 的表结构说明")
	}
	z, err := base64.StdEncoding.DecodeString(s[len(OwnMapPrefix):])
	if err != nil {
		return nil, errors.New("yusuan 的表结构说明已损坏")
	}
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, errors.New("yusuan 的表结构说明已损坏")
	}
	j, err := io.ReadAll(io.LimitReader(zr, MaxOwnMap+1))
	if err != nil || len(j) > MaxOwnMap {
		return nil, errors.New("yusuan 的表结构说明已损坏或过大")
	}
	var m OwnMap
	if err := json.Unmarshal(j, &m); err != nil {
		return nil, errors.New("yusuan 的表结构说明已损坏")
	}
	return &m, nil
}
