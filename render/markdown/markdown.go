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
	ls := render.Layouts(doc, p)
	for _, l := range ls {
		table(&b, l)
	}
	if m := render.OwnMap(doc, p, ls); m != nil {
		// The table map, for yusuan to read its own rendering back (a
		// comment: Markdown viewers do not show it).
		fmt.Fprintf(&b, "\n<!-- %s -->\n", m.Encode())
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

// table prints the table's printed layout (render.LayoutOf, shared with
// every other format) as pipe tables, one per block, with one-line headers.
func table(b *strings.Builder, l *render.Layout) {
	t := l.Table
	fmt.Fprintf(b, "\n## %d. %s\n", t.Number, esc(l.Title))
	fmt.Fprintf(b, "\n%s\n\n", esc(l.UnitLine()))
	if len(l.Blocks) == 0 {
		fmt.Fprintf(b, "%s\n", esc(l.Empty))
		return
	}
	for i := range l.Blocks {
		blk := &l.Blocks[i]
		if i > 0 {
			b.WriteString("\n")
		}
		labels := blk.FlatLabels()
		numeric := make([]bool, len(blk.Cols))
		for j, c := range blk.Cols {
			labels[j] = esc(labels[j])
			numeric[j] = c.Numeric()
		}
		header(b, labels, numeric)
		for _, r := range blk.Rows {
			cells := make([]string, len(r.Cells))
			for j, c := range r.Cells {
				cells[j] = esc(c.Text)
			}
			row(b, cells)
		}
	}
	if l.Note != "" {
		fmt.Fprintf(b, "\n%s\n", esc(l.Note))
	}
}
