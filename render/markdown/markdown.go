// Package markdown renders a document as Markdown: the four parts, then
// every table as a pipe table with its title and unit, amounts as printed.
package markdown

import (
	"fmt"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/render"
)

// Render writes the document as Markdown. The profile, when known, supplies
// the printed headers; without it the document's own labels are used.
func Render(doc *yusuan.Document, p *yusuan.Profile) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", esc(doc.Title))
	part := 0
	for _, s := range doc.Narrative {
		if s.Part != part {
			part = s.Part
			if part >= 1 && part <= len(doc.Parts) {
				fmt.Fprintf(&b, "\n## %s\n", esc(doc.Parts[part-1]))
			}
		}
		if s.Title != "" && !(part >= 1 && part <= len(doc.Parts) && strings.HasSuffix(doc.Parts[part-1], s.Title)) {
			fmt.Fprintf(&b, "\n### %s\n", esc(s.Title))
		}
		for _, para := range s.Paragraphs {
			fmt.Fprintf(&b, "\n%s\n", esc(para))
		}
	}
	for i := range doc.Tables {
		t := &doc.Tables[i]
		table(&b, t, render.Spec(p, t))
	}
	return []byte(b.String())
}

// esc keeps document text from being read as Markdown or HTML markup.
func esc(s string) string { return escaper.Replace(s) }

// escaper is built once: a Replacer is safe for concurrent use.
var escaper = strings.NewReplacer("\\", "\\\\", "|", "\\|", "<", "&lt;", ">", "&gt;", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]", "#", "\\#", "\r\n", " ", "\n", "<br>")

func row(b *strings.Builder, cells []string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" ")
		b.WriteString(c)
		b.WriteString(" |")
	}
	b.WriteString("\n")
}

func header(b *strings.Builder, cells []string, numeric []bool) {
	row(b, cells)
	sep := make([]string, len(cells))
	for i := range cells {
		sep[i] = "---"
		if numeric[i] {
			sep[i] = "---:"
		}
	}
	row(b, sep)
}

func table(b *strings.Builder, t *yusuan.Table, spec *yusuan.TableSpec) {
	fmt.Fprintf(b, "\n## %d. %s\n", t.Number, esc(t.Title))
	fmt.Fprintf(b, "\n单位：%s\n\n", t.Unit)
	dec := render.Decimals(t)
	if spec != nil && spec.Decimals > 0 {
		dec = spec.Decimals
	}
	switch {
	case len(t.Rows) == 0:
		if t.Note != "" {
			fmt.Fprintf(b, "%s\n", esc(t.Note))
		} else {
			b.WriteString("（本表无数据）\n")
		}
		return
	case render.IsTwoSided(t):
		twoSided(b, t, spec, dec)
	case render.IsForm(t):
		form(b, t, dec)
	default:
		grid(b, t, spec, dec)
	}
	if t.Note != "" {
		fmt.Fprintf(b, "\n%s\n", esc(t.Note))
	}
}

func label(c yusuan.Column) string {
	if c.Group != "" {
		return esc(c.Group + "：" + c.Label)
	}
	return esc(c.Label)
}

func grid(b *strings.Builder, t *yusuan.Table, spec *yusuan.TableSpec, dec int) {
	parts := render.CodeParts(t, spec)
	var hd []string
	var num []bool
	hd, num = append(hd, render.CodeHeaders(t, parts)...), append(num, make([]bool, parts)...)
	nameHeader := "科目名称"
	if spec != nil && spec.NameHeader != "" {
		nameHeader = spec.NameHeader
	}
	hd, num = append(hd, esc(nameHeader)), append(num, false)
	gov := t.Kind == yusuan.KindGeneralPublicEconomic
	if gov {
		hd = append(hd, "政府预算经济分类：类", "政府预算经济分类：款", "政府预算经济分类：科目名称")
		num = append(num, false, false, false)
	}
	for _, c := range t.Columns {
		hd, num = append(hd, label(c)), append(num, c.Type != yusuan.ColText)
	}
	header(b, hd, num)
	for i := range t.Rows {
		r := &t.Rows[i]
		var cells []string
		if parts > 0 {
			cells = append(cells, render.SplitCode(r, parts)...)
		}
		cells = append(cells, esc(r.Name))
		if gov {
			g := yusuan.Row{Code: r.GovCode}
			gc := render.SplitCode(&g, 2)
			cells = append(cells, gc[0], gc[1], esc(r.GovName))
		}
		for _, c := range t.Columns {
			cells = append(cells, esc(render.Cell(t, r, c, dec)))
		}
		row(b, cells)
	}
}

func twoSided(b *strings.Builder, t *yusuan.Table, spec *yusuan.TableSpec, dec int) {
	income, exp, total := render.Sides(t)
	header(b, []string{"收入项目", "金额", "支出项目", "金额"}, []bool{false, true, false, true})
	n := len(income)
	if len(exp) > n {
		n = len(exp)
	}
	for i := 0; i < n; i++ {
		cells := []string{"", "", "", ""}
		if i < len(income) {
			cells[0], cells[1] = esc(income[i].Name), render.Amount(t, income[i].Amount("income"), dec)
		}
		if i < len(exp) {
			cells[2], cells[3] = esc(exp[i].Name), render.Amount(t, exp[i].Amount("expenditure"), dec)
		}
		row(b, cells)
	}
	if total != nil {
		in, out := render.TotalLabels(t, spec)
		row(b, []string{esc(in), render.Amount(t, total.Amount("income"), dec), esc(out), render.Amount(t, total.Amount("expenditure"), dec)})
	}
}

func form(b *strings.Builder, t *yusuan.Table, dec int) {
	var inds []*yusuan.Row
	header(b, []string{"项目", "内容"}, []bool{false, false})
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Key == "indicator" {
			inds = append(inds, r)
			continue
		}
		v := r.Cells["value"]
		text := v.Text
		if !v.IsText {
			text = render.Amount(t, v.Num, dec)
		}
		row(b, []string{esc(r.Name), esc(text)})
	}
	if len(inds) == 0 {
		return
	}
	hasMeasure := false
	for _, r := range inds {
		if _, ok := r.Cells["measure"]; ok {
			hasMeasure = true
		}
	}
	b.WriteString("\n")
	hd := []string{"一级指标", "二级指标", "三级指标", "指标值"}
	if hasMeasure {
		hd = append(hd, "度量单位")
	}
	header(b, hd, make([]bool, len(hd)))
	for _, r := range inds {
		cells := []string{esc(r.Cells["level1"].Text), esc(r.Cells["level2"].Text), esc(r.Name), esc(r.Cells["target"].Text)}
		if hasMeasure {
			cells = append(cells, esc(r.Cells["measure"].Text))
		}
		row(b, cells)
	}
}
