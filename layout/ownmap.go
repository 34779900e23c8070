package layout

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode"

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
	// Blocks describe, in a PDF, a table printed otherwise than as one
	// grid of its rows (a profile's two-sided table or form): each
	// printed grid's columns and which table rows each printed row shows.
	// Without Blocks the table is the grid described above.
	Blocks []OwnBlock `json:"blocks,omitempty"`
}

// OwnBlock is one printed grid of a table.
type OwnBlock struct {
	Cols []OwnCol     `json:"cols"`
	Rows []OwnPrinted `json:"rows"`
	// Xs are the columns' edges (len = columns + 1).
	Xs []float64 `json:"xs"`
}

// OwnCol is a printed column: a cell of the table row of segment Seg
// under Key, or its code (a part of it), name, or government economic
// code or name (Role).
type OwnCol struct {
	Key  string `json:"key,omitempty"`
	Role string `json:"role,omitempty"`
	Seg  int    `json:"seg,omitempty"`
	Type string `json:"type,omitempty"`
}

// OwnPrinted is a printed row: the table rows it shows, one per segment
// (-1 where none), and where it was drawn.
type OwnPrinted struct {
	Docs  []int    `json:"docs"`
	Boxes []OwnBox `json:"boxes,omitempty"`
	// Spaces are the white space of the row's text cells, which a PDF
	// does not show as written (a line break looks like a wrapped line,
	// spaces at either end of a line are not seen).
	Spaces []OwnSpaces `json:"spaces,omitempty"`
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
	// Spaces are the white space of its printed cells (OwnPrinted.Spaces).
	Spaces []OwnSpaces `json:"spaces,omitempty"`
	// Name is the row's name where it is printed otherwise (a total
	// row printed 本年收入合计 | 本年支出合计).
	Name *string `json:"name,omitempty"`
	// Code, GovCode and GovName are the row's where no block prints them
	// (a two-sided table prints names only).
	Code    *string `json:"code,omitempty"`
	GovCode *string `json:"gov_code,omitempty"`
	GovName *string `json:"gov_name,omitempty"`
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

// OwnSpaces is the white space of the text of one printed column: each
// run, and the number of other characters before it.
type OwnSpaces struct {
	Col int      `json:"c"`
	At  []int    `json:"at"`
	S   []string `json:"s"`
}

// Spaces returns the white space runs of s (nil when there are none).
func Spaces(col int, s string) *OwnSpaces {
	var sp *OwnSpaces
	n := 0
	run := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if run < 0 {
				run = i
			}
			continue
		}
		if run >= 0 {
			if sp == nil {
				sp = &OwnSpaces{Col: col}
			}
			sp.At, sp.S = append(sp.At, n), append(sp.S, s[run:i])
			run = -1
		}
		n++
	}
	if run >= 0 {
		if sp == nil {
			sp = &OwnSpaces{Col: col}
		}
		sp.At, sp.S = append(sp.At, n), append(sp.S, s[run:])
	}
	return sp
}

// WithSpaces puts white space back into s, a text read without it as
// written: s's own white space is dropped and sp's runs are put where
// they were.
func (sp *OwnSpaces) WithSpaces(s string) string {
	var b strings.Builder
	n, k := 0, 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		for k < len(sp.At) && k < len(sp.S) && sp.At[k] == n {
			b.WriteString(sp.S[k])
			k++
		}
		b.WriteRune(r)
		n++
	}
	for ; k < len(sp.At) && k < len(sp.S); k++ {
		b.WriteString(sp.S[k])
	}
	return b.String()
}
