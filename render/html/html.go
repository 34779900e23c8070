// Package html renders a document as one self-contained web page: the four
// parts, every table as the profile prints it, and charts drawn with Apache
// ECharts. Everything the page needs is inlined, so it works offline and
// loads nothing from elsewhere; a Content-Security-Policy allows only the
// page's own scripts, by hash. Text from documents is always escaped by
// html/template.
package html

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"sync"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/render"
)

//go:embed assets/echarts.common.min.js
var echartsJS string

// ECharts returns the vendored Apache ECharts script (see assets/README.md),
// for other pages that draw charts (the portal).
func ECharts() string { return echartsJS }

//go:embed page.tmpl
var pageTmpl string

//go:embed style.css
var styleCSS string

//go:embed charts.js
var chartsJS string

// tmpl is parsed on first use, not in every process that links the
// renderer (yusuan import and check never render HTML).
var tmpl = sync.OnceValue(func() *template.Template { return template.Must(template.New("page").Parse(pageTmpl)) })

// Render returns the page.
func Render(doc *yusuan.Document, p *yusuan.Profile) ([]byte, error) {
	pg := build(doc, p)
	data, err := json.Marshal(pg.Charts)
	if err != nil {
		return nil, err
	}
	// encoding/json escapes <, > and & in strings, so the data cannot close
	// the script element it sits in.
	dataJS := "window.YUSUAN_CHARTS=" + string(data) + ";"
	pg.Scripts = []template.JS{template.JS(echartsJS), template.JS(dataJS), template.JS(chartsJS)}
	var csp []string
	for _, s := range pg.Scripts {
		sum := sha256.Sum256([]byte(s))
		csp = append(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	pg.CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src " + strings.Join(csp, " ")
	pg.Style = template.CSS(styleCSS)
	var buf bytes.Buffer
	if err := tmpl().Execute(&buf, pg); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type page struct {
	Title      string
	Department string
	Year       int
	Profile    string
	Origin     string
	Highlights []highlight
	// Overview is the title of the highlights: 预算一览, or 决算一览 for
	// final accounts.
	Overview string
	Parts    []part
	Tables   []tableView
	Charts   []chart
	Style    template.CSS
	Scripts  []template.JS
	CSP      string
}

type highlight struct{ Label, Value, Unit string }

type part struct {
	ID       string
	Title    string
	Sections []section
	Tables   bool // the part the tables belong to (附表)
}

type section struct {
	ID, Title  string
	Paragraphs []string
}

type tableView struct {
	ID, Title, Unit, Note, Empty, Project string
	UnitLine                              string // 单位：元, after 编制部门：… when the title does not name it
	Label                                 string // 附表N, as the profile numbers the table
	Wide                                  bool
	Form                                  bool // a labelled form (performance tables), text-heavy
	Blocks                                []blockView
	// EmptyHead is the header of an empty table, printed over its note.
	EmptyHead *blockView
}

type blockView struct {
	Header [][]th
	Rows   []rowView
	Cols   int
}

type th struct {
	Text             string
	Colspan, Rowspan int
	Scope            string
	Class            string
}

type rowView struct {
	Class string
	Cells []td
}

type td struct {
	Text   string
	Class  string
	Header bool // the row header (th scope=row)
}

func build(doc *yusuan.Document, p *yusuan.Profile) *page {
	pg := &page{Title: doc.Title, Department: doc.Department.Name, Year: doc.Year, Profile: doc.Profile, Origin: doc.Origin, Overview: "预算一览"}
	if doc.IsFinal() {
		pg.Overview = "决算一览"
	}
	if pg.Title == "" {
		pg.Title = fmt.Sprintf("%d年%s部门预算", doc.Year, doc.Department.Name)
	}
	// Parts: the document's part titles, and the narrative sections of each.
	nparts := len(doc.Parts)
	for _, s := range doc.Narrative {
		nparts = max(nparts, s.Part)
	}
	for i := 1; i <= nparts; i++ {
		pt := part{ID: fmt.Sprintf("part-%d", i)}
		if i <= len(doc.Parts) {
			pt.Title = doc.Parts[i-1]
		}
		pg.Parts = append(pg.Parts, pt)
	}
	tablePart := -1
	for i, s := range doc.Narrative {
		if s.Part < 1 {
			continue
		}
		pt := &pg.Parts[s.Part-1]
		title := s.Title
		if strings.HasSuffix(pt.Title, title) {
			title = "" // 第三部分 名词解释 › 名词解释
		}
		if pt.Title == "" {
			pt.Title = s.Title
		}
		paras := make([]string, len(s.Paragraphs))
		for j, p := range s.Paragraphs {
			paras[j] = keepUnits(p)
		}
		pt.Sections = append(pt.Sections, section{ID: fmt.Sprintf("s-%d", i), Title: title, Paragraphs: paras})
		if s.Key == "appendix" {
			tablePart = s.Part - 1
		}
	}
	if tablePart < 0 {
		tablePart = len(pg.Parts) - 1
		if tablePart < 0 || len(pg.Parts) < 4 {
			pg.Parts = append(pg.Parts, part{ID: fmt.Sprintf("part-%d", len(pg.Parts)+1), Title: "附表"})
			tablePart = len(pg.Parts) - 1
		}
	}
	pg.Parts[tablePart].Tables = true
	for i, l := range render.Layouts(doc, p) {
		pg.Tables = append(pg.Tables, view(fmt.Sprintf("table-%d", i+1), l))
	}
	pg.Charts = charts(doc, p)
	pg.Highlights = highlights(doc)
	return pg
}

// figureUnit is a figure, a space and its unit ("9662 万元", "275 人").
var figureUnit = lazyre.New(`([0-9])[ \t]+(万元|亿元|元|%|人次|人|辆|台|套|项|个|年)`)

// keepUnits joins a figure to its unit with a no-break space, so that a
// browser never ends a line with the figure and starts the next with the
// unit (the narrative prints "9662 万元" with a space).
func keepUnits(s string) string {
	return figureUnit.ReplaceAllString(s, "$1\u00a0$2")
}

func view(id string, l *render.Layout) tableView {
	tv := tableView{ID: id, Title: l.Title, Unit: l.Unit, UnitLine: l.UnitLine(), Note: l.Note, Empty: l.Empty, Wide: l.Wide(), Project: l.Table.Project, Label: l.Label(), Form: render.IsForm(l.Table)}
	if l.EmptyGrid != nil {
		bv := blockOf(l.EmptyGrid)
		tv.EmptyHead = &bv
	}
	for bi := range l.Blocks {
		tv.Blocks = append(tv.Blocks, blockOf(&l.Blocks[bi]))
	}
	return tv
}

func blockOf(b *render.Block) blockView {
	bv := blockView{Cols: len(b.Cols)}
	// split is how many code columns (类, 款, 项) lead the grid: on a phone
	// they give way to one column of the joined code.
	split := 0
	for split < len(b.Cols) && b.Cols[split].Kind == render.KindCode {
		split++
	}
	if split < 2 {
		split = 0
	}
	for ri, hr := range b.Header {
		var row []th
		if ri == 0 && split > 0 {
			label := "科目编码"
			if g := b.Cols[0].Group; g != "" {
				label = g
			}
			row = append(row, th{Text: label, Colspan: 1, Rowspan: len(b.Header), Scope: "col", Class: "code-joined"})
		}
		for _, h := range hr {
			c := th{Text: h.Text, Colspan: h.Span, Rowspan: h.RowSpan, Scope: "col"}
			if h.Group {
				c.Scope = "colgroup"
			}
			if h.Span == 1 && b.Cols[h.Col].Numeric() {
				c.Class = "num"
			}
			if h.Group {
				c.Class = "group"
			}
			if h.Col < split {
				c.Class = strings.TrimSpace(c.Class + " code-split")
			}
			row = append(row, c)
		}
		bv.Header = append(bv.Header, row)
	}
	nameCol := b.NameCol()
	for _, r := range b.Rows {
		rv := rowView{Class: r.Level}
		if split > 0 {
			var joined strings.Builder
			for ci := 0; ci < split; ci++ {
				joined.WriteString(r.Cells[ci].Text)
			}
			rv.Cells = append(rv.Cells, td{Text: joined.String(), Class: "code code-joined"})
		}
		for ci, c := range r.Cells {
			d := td{Text: c.Text}
			switch b.Cols[ci].Kind {
			case render.KindAmount, render.KindNumber:
				d.Class = "num"
			case render.KindCode:
				d.Class = "code"
				if ci < split {
					d.Class = "code code-split"
				}
			case render.KindName:
				d.Class = "name"
			}
			if c.IsNum {
				d.Class = "num"
			}
			d.Header = ci == nameCol
			rv.Cells = append(rv.Cells, d)
		}
		bv.Rows = append(bv.Rows, rv)
	}
	return bv
}

func highlights(doc *yusuan.Document) []highlight {
	var hs []highlight
	add := func(label string, a yusuan.Amount) {
		hs = append(hs, highlight{Label: label, Value: a.Wan(2), Unit: "万元"})
	}
	word := "预算"
	if doc.IsFinal() {
		word = "决算"
		// Final accounts print 本年收入合计 and 本年支出合计 as keyed rows.
		if t := doc.Table(yusuan.KindSummary); t != nil {
			for i := range t.Rows {
				switch r := &t.Rows[i]; r.Key {
				case "income_total":
					add("本年收入合计", r.Amount("income"))
				case "expenditure_total":
					add("本年支出合计", r.Amount("expenditure"))
				}
			}
		}
	}
	if t := doc.Table(yusuan.KindSummary); t != nil && !doc.IsFinal() {
		if tot := t.Total(); tot != nil || len(t.Rows) > 0 {
			_, _, total := render.Sides(t)
			if total != nil {
				add("收入预算总计", total.Amount("income"))
				add("支出预算总计", total.Amount("expenditure"))
			}
		}
	}
	if t := expenditureTable(doc); t != nil {
		if tot := t.Total(); tot != nil {
			if len(hs) == 0 {
				add("支出"+word+"总计", tot.Amount("total"))
			}
			add("基本支出", tot.Amount("basic"))
			add("项目支出", tot.Amount("project"))
		}
	}
	if t := doc.Table(yusuan.KindThreePublic); t != nil && len(t.Rows) > 0 {
		r := &t.Rows[0]
		if doc.IsFinal() {
			// 决算数 is under the plain key, 预算数 under budget.total.
			add("“三公”经费决算数", r.Amount("total"))
		} else {
			for _, c := range t.Columns {
				if c.Type == yusuan.ColAmount {
					add("“三公”经费", r.Amount(c.Key))
					break
				}
			}
		}
	}
	return hs
}
