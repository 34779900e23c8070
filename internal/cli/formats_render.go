package cli

import (
	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/outdir"
	"github.com/yusuan/yusuan/render"
	"github.com/yusuan/yusuan/render/csv"
	"github.com/yusuan/yusuan/render/fdp"
	"github.com/yusuan/yusuan/render/html"
	"github.com/yusuan/yusuan/render/pdf"
	"github.com/yusuan/yusuan/render/xlsx"
)

// The publishing formats (docs/rendering.md); md and json are in build.go.
func init() {
	one := func(ext string, r func(*yusuan.Document, *yusuan.Profile) ([]byte, error)) func(*yusuan.Document, *yusuan.Profile, string) ([]outdir.File, error) {
		return func(doc *yusuan.Document, p *yusuan.Profile, base string) ([]outdir.File, error) {
			b, err := r(doc, p)
			return []outdir.File{{Name: base + ext, Data: b}}, err
		}
	}
	files := func(fs []render.File) []outdir.File {
		out := make([]outdir.File, len(fs))
		for i, f := range fs {
			out[i] = outdir.File{Name: f.Name, Data: f.Data}
		}
		return out
	}
	registerFormat(format{"html", "a self-contained web page with charts (works offline)", one(".html", html.Render)})
	registerFormat(format{"pdf", "an A4 PDF with embedded Chinese font, bookmarks and page numbers", one(".pdf", pdf.Render)})
	registerFormat(format{"xlsx", "an Excel workbook, one sheet per table and a 说明 sheet", one(".xlsx", xlsx.Render)})
	registerFormat(format{"csv", "one UTF-8 CSV per table and an index (BASE-csv/)", func(doc *yusuan.Document, p *yusuan.Profile, base string) ([]outdir.File, error) {
		return files(csv.Render(doc, p, base+"-csv")), nil
	}})
	registerFormat(format{"fdp", "a Fiscal Data Package (BASE-fdp/datapackage.json and CSV)", func(doc *yusuan.Document, p *yusuan.Profile, base string) ([]outdir.File, error) {
		fs, err := fdp.Render(doc, p, base+"-fdp")
		return files(fs), err
	}})
}
