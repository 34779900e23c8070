package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/internal/outdir"
	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/read"
	"github.com/yusuan/yusuan/recognize"
	"github.com/yusuan/yusuan/render"
)

func init() { register(newImport) }

func newImport() *cobra.Command {
	var outFlag, profileFlag string
	var tables bool
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Read a published disclosure (PDF, XLSX or text) into Document JSON",
		Long: `Read a published department budget disclosure — a PDF with a text layer,
an XLSX workbook, or text (the seed's form or yusuan's own Markdown) — and
recognize its tables and narrative as the document yusuan build compiles.
Every recovered cell keeps where it was found (page and line, or
sheet!cell). With --tables the recovered tables are printed for a person
to check instead of writing JSON. Several files are read as one
disclosure (tables.pdf narrative.pdf). --profile auto uses a regional
profile whose tables the document prints, else the general profile,
which reads the standard tables of any region. PDFs need poppler's pdftotext
(Debian: apt-get install poppler-utils).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			batchGC()
			res, err := importFiles(args, profileFlag)
			if err != nil {
				return err
			}
			for _, w := range res.Warnings {
				fmt.Fprintf(cmd.ErrOrStderr(), "yusuan: 提示: %s\n", w)
			}
			if tables {
				PrintTables(cmd.OutOrStdout(), res.Doc)
				return nil
			}
			b, err := DocumentJSON(res.Doc)
			if err != nil {
				return err
			}
			if outFlag == "" || outFlag == "-" {
				_, err := cmd.OutOrStdout().Write(b)
				return err
			}
			return writeOne(cmd, outFlag, b, []string{args[0], profileFlag})
		},
	}
	cmd.Flags().StringVarP(&outFlag, "output", "o", "", "write Document JSON to this file (default: standard output)")
	cmd.Flags().StringVar(&profileFlag, "profile", "auto", "disclosure profile: auto (recognized from the document), general (any region), an embedded id, or a profile file")
	cmd.Flags().BoolVar(&tables, "tables", false, "print the recovered tables instead of JSON")
	return cmd
}

// writeOne writes one output file by internal/outdir's rules: a regular
// file, never an input, a folder, a device, a FIFO or a symbolic link.
func writeOne(cmd *cobra.Command, path string, b []byte, inputs []string) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if base == "" || base == "." || base == ".." {
		return inputError{&outdir.RefusedError{Path: path, Reason: "这是文件夹；-o 须给出文件名（例如 -o doc.json）"}}
	}
	res, err := outdir.Write(dir, []outdir.File{{Name: base, Data: b}}, outdir.Options{Inputs: inputs})
	if err != nil {
		return outputError(err)
	}
	for _, n := range res.Written {
		fmt.Fprintln(cmd.OutOrStdout(), n)
	}
	return nil
}

// importFile reads and recognizes a file; every failure is an input error.
func importFile(path, profileID string) (*recognize.Result, error) {
	return importFiles([]string{path}, profileID)
}

// importFiles reads the files of one disclosure (Beijing publishes the
// narrative and the tables as two files) and recognizes them as one
// document. The profiles are loaded while pdftotext runs.
func importFiles(paths []string, profileID string) (*recognize.Result, error) {
	ins := make([]input, len(paths))
	for i, path := range paths {
		name, data, err := readInput(path)
		if err != nil {
			return nil, inputError{err}
		}
		ins[i] = input{name, data}
	}
	return importInputs(ins, profileID)
}

// input is a file read: its name for messages and its bytes.
type input struct {
	name string
	data []byte
}

// importInputs is importFiles on files already read.
func importInputs(ins []input, profileID string) (*recognize.Result, error) {
	type loaded struct {
		ps  []*yusuan.Profile
		g   *profile.Reading
		err error
	}
	ch := make(chan loaded, 1)
	go func() {
		var ld loaded
		switch profileID {
		case "", "auto":
			// What detection reads; the profile detected is decoded
			// whole after (profile.Load).
			ld.ps, ld.err = profile.Summaries()
		case profile.GeneralID:
		default:
			var p *yusuan.Profile
			p, ld.err = profile.LoadFile(profileID)
			if ld.err != nil {
				ld.err = inputError{ld.err}
			}
			ld.ps = []*yusuan.Profile{p}
		}
		if ld.err == nil {
			ld.g, ld.err = profile.General()
		}
		ch <- ld
	}()
	var l *layout.Layout
	var warnings []recognize.Warning
	for _, in := range ins {
		name, data := in.name, in.data
		li, err := read.Bytes(name, data)
		if err != nil {
			<-ch
			return nil, inputError{err}
		}
		if w, ok := textlessPages(name, li); ok {
			warnings = append(warnings, w)
		}
		if l == nil {
			l = li
		} else {
			l.Pages = append(l.Pages, li.Pages...)
		}
	}
	ld := <-ch
	if ld.err != nil {
		return nil, ld.err
	}
	catalogOf := func(year int) *yusuan.Catalog {
		if year > 0 {
			if cat, err := catalog.Load(year); err == nil {
				return cat
			}
		}
		if eds := catalog.Editions(); len(eds) > 0 {
			cat, _ := catalog.Load(eds[len(eds)-1])
			return cat
		}
		return nil
	}
	var res *recognize.Result
	var err error
	switch profileID {
	case "", "auto":
		res, err = recognize.AutoLoad(l, ld.ps, profile.Load, ld.g, catalogOf)
	case profile.GeneralID:
		res, err = recognize.RecognizeGeneral(l, ld.g, catalogOf(recognize.Year(l)))
	default:
		p := ld.ps[0]
		year := recognize.Year(l)
		if year == 0 && len(p.Years) > 0 {
			year = p.Years[0]
		}
		res, err = recognize.Recognize(l, p, catalogOf(year))
	}
	if err != nil {
		var nt *recognize.NoTablesError
		if errors.As(err, &nt) {
			return nil, inputError{err}
		}
		return nil, inputError{fmt.Errorf("%s: %w", ins[0].name, err)}
	}
	res.Warnings = append(warnings, res.Warnings...)
	// The checks add the recovered figures up: like Document JSON, they
	// must stay within exact arithmetic.
	if err := documentTotal(ins[0].name, res.Doc); err != nil {
		return nil, inputError{err}
	}
	return res, nil
}

// PrintTables writes the recovered tables as plain text, amounts as
// printed in each table's unit, for a person to compare with the source.
func PrintTables(w io.Writer, doc *yusuan.Document) {
	fmt.Fprintf(w, "%s（%d 年，%s，格式 %s）\n", doc.Title, doc.Year, doc.Department.Name, doc.Profile)
	for i := range doc.Tables {
		t := &doc.Tables[i]
		src := ""
		if t.Source != nil {
			src = "，" + t.Source.String()
		}
		fmt.Fprintf(w, "\n表%d %s（%s，单位：%s，%d 行%s）\n", t.Number, t.Title, t.Kind, t.Unit, len(t.Rows), src)
		dec := render.Decimals(t)
		for _, r := range t.Rows {
			var b strings.Builder
			if r.Code != "" {
				b.WriteString(r.Code + " ")
			}
			b.WriteString(r.Name)
			if r.GovCode != "" {
				fmt.Fprintf(&b, " → %s %s", r.GovCode, r.GovName)
			}
			for _, c := range t.Columns {
				v, ok := r.Cells[c.Key]
				if !ok {
					continue
				}
				s := v.Text
				if !v.IsText {
					if c.Type == yusuan.ColNumber {
						s = v.Num.Format(0)
					} else {
						s = render.Amount(t, v.Num, dec)
					}
				}
				if s == "" {
					continue
				}
				if len([]rune(s)) > 40 {
					s = string([]rune(s)[:40]) + "…"
				}
				fmt.Fprintf(&b, " | %s=%s", c.Label, s)
			}
			fmt.Fprintf(w, "  %s\n", b.String())
		}
		if t.Note != "" {
			fmt.Fprintf(w, "  注：%s\n", firstRunes(t.Note, 60))
		}
	}
	fmt.Fprintf(w, "\n说明部分：%d 节\n", len(doc.Narrative))
	for _, s := range doc.Narrative {
		fmt.Fprintf(w, "  [%d] %s（%d 段，%d 个数字）\n", s.Part, s.Title, len(s.Paragraphs), len(s.Figures))
	}
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

var _ = layout.KindText

// textlessPages warns of the pages of a PDF that have no text layer (a
// partly scanned disclosure): their tables cannot be read, and a check of
// the rest would otherwise look complete.
func textlessPages(name string, l *layout.Layout) (recognize.Warning, bool) {
	if l.Kind != layout.KindPDF {
		return recognize.Warning{}, false
	}
	var empty []string
	for _, p := range l.Pages {
		if len(p.Lines) == 0 {
			empty = append(empty, strconv.Itoa(p.Number))
		}
	}
	if len(empty) == 0 {
		return recognize.Warning{}, false
	}
	shown := empty
	if len(shown) > 20 {
		shown = append(shown[:20:20], "…")
	}
	return recognize.Warning{Pos: yusuan.Position{File: name}, Msg: fmt.Sprintf("%s：共 %d 页，其中第 %s 页没有文字层（可能是扫描件或空白页），这些页上的内容没有读取；请先用 OCR 软件（例如 ocrmypdf -l chi_sim）加上文字层", name, len(l.Pages), strings.Join(shown, "、"))}, true
}
