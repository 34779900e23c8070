package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"sync"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/internal/limits"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/recognize"
	"github.com/yusuan/yusuan/store"
)

func init() {
	register(newCheck)
	register(newRules)
}

func newCheck() *cobra.Command {
	var formatFlag, profileFlag, catalogFlag string
	var jobs int
	var dbFlagValue string
	cmd := &cobra.Command{
		Use:   "check FILE...",
		Short: "Check disclosures for contradictions, missing parts and catalog errors",
		Long: `Check department budget disclosures: budget files (compiled first),
Document JSON, and published disclosures (PDF, XLSX, seed-style text),
against the rule catalog (yusuan rules). Directories are walked and
checked on all cores. Exit status 0: no errors; 1: errors found;
2: an input could not be read (the others are still checked).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			batchGC()
			if formatFlag != "text" && formatFlag != "json" && formatFlag != "html" {
				return inputError{fmt.Errorf("未知的输出格式 %q；可用：text、json、html", formatFlag)}
			}
			lim := limits.Current()
			if jobs < 0 || jobs > lim.Jobs {
				return inputError{fmt.Errorf("-j %d 不在 1 到 %d 之间（0 表示按处理器数；上限可用 --max-jobs 调整，见 docs/limits.md）", jobs, lim.Jobs)}
			}
			in := walkInputs(args)
			if note := skippedNote(in.skipped); note != "" {
				fmt.Fprintf(cmd.ErrOrStderr(), "yusuan: 提示: %s\n", note)
			}
			files, unreadable := in.files, in.bad
			o := checkOptions{profile: profileFlag, catalog: catalogFlag, jobs: jobs, load: newLoader(catalogFlag)}
			if dbFlagValue != "" {
				s, err := openStore(cmd.Context(), dbFlagValue, store.Options{ReadOnly: true})
				if err != nil {
					return err
				}
				defer s.Close()
				o.store = s
			}
			results, parts := checkFiles(files, o, cmd.ErrOrStderr())
			results = joinParts(files, results, parts, o, cmd.ErrOrStderr())
			results = append(unreadable, results...)
			sort.SliceStable(results, func(i, j int) bool { return results[i].Source < results[j].Source })
			rep := check.NewReport(results)
			var err error
			switch formatFlag {
			case "json":
				err = rep.WriteJSON(cmd.OutOrStdout())
			case "html":
				err = rep.WriteHTML(cmd.OutOrStdout())
			default:
				err = rep.WriteText(cmd.OutOrStdout())
			}
			if err != nil {
				return err
			}
			switch {
			case rep.Summary.Unreadable > 0:
				return exitError{ExitInput}
			case rep.Summary.Errors > 0:
				return exitError{ExitFindings}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&formatFlag, "format", "text", "output format: text, json or html")
	cmd.Flags().StringVar(&profileFlag, "profile", "", "disclosure profile (default: the file's own, or recognized from a published file)")
	cmd.Flags().StringVar(&catalogFlag, "catalog", "", "a fuller classification catalog (CSV or XLSX, see docs/catalogs.md)")
	cmd.Flags().IntVarP(&jobs, "jobs", "j", 0, "documents checked at once (default: GOMAXPROCS)")
	cmd.Flags().StringVar(&dbFlagValue, "db", "", "a store (SQLite file or postgres://…) holding last year's publications: the narrative's year-on-year figures are also checked against them (PRIOR rules)")
	return cmd
}

type checkOptions struct {
	profile, catalog string
	jobs             int
	load             *loader
	// store, if set, gives last year's publication for the PRIOR rules.
	store *store.DB
	// parts, if set, are the files read together as the one document.
	parts []string
}

// loader loads each profile and each year's catalog once per command run,
// for every worker: parsing a profile costs more than checking a document.
// What it returns is shared and must not be modified.
type loader struct {
	catalogFile string
	mu          sync.Mutex
	profiles    map[string]*yusuan.Profile
	catalogs    map[int]*yusuan.Catalog
}

func newLoader(catalogFile string) *loader {
	return &loader{catalogFile: catalogFile, profiles: map[string]*yusuan.Profile{}, catalogs: map[int]*yusuan.Catalog{}}
}

func (l *loader) profile(id string) (*yusuan.Profile, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if p, ok := l.profiles[id]; ok {
		return p, nil
	}
	p, err := profile.LoadFile(id)
	if err == nil {
		l.profiles[id] = p
	}
	return p, err
}

func (l *loader) catalog(year int) (*yusuan.Catalog, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.catalogs[year]; ok {
		return c, nil
	}
	c, err := load(year, l.catalogFile)
	if err == nil {
		l.catalogs[year] = c
	}
	return c, err
}

// checkFiles checks the files on a pool of workers, showing progress on
// stderr when it is a terminal.
func checkFiles(files []string, o checkOptions, stderr io.Writer) ([]check.DocumentResult, []part) {
	n := o.jobs
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	if n > len(files) {
		n = len(files)
	}
	var bar *progressbar.ProgressBar
	if f, ok := stderr.(*os.File); ok && len(files) > 1 && term.IsTerminal(int(f.Fd())) {
		bar = progressbar.NewOptions(len(files), progressbar.OptionSetWriter(f), progressbar.OptionSetDescription("检查"),
			progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
	}
	results := make([]check.DocumentResult, len(files))
	parts := make([]part, len(files))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i], parts[i] = checkFile(files[i], o)
				if bar != nil {
					bar.Add(1)
				}
			}
		}()
	}
	for i := range files {
		work <- i
	}
	close(work)
	wg.Wait()
	if bar != nil {
		bar.Finish()
	}
	return results, parts
}

// joinParts checks each narrative-only file together with the tables
// file it belongs to (see parts.go), in place of the two results apart,
// and says so on stderr.
func joinParts(files []string, results []check.DocumentResult, parts []part, o checkOptions, stderr io.Writer) []check.DocumentResult {
	pairs := pairParts(parts)
	drop := map[int]bool{}
	paired := map[int]bool{}
	for _, pr := range pairs {
		t, n := files[pr.tables], files[pr.narrative]
		o1 := o
		o1.parts = []string{t, n}
		res, _ := checkFile(t, o1)
		if res.Error != "" {
			continue // checked apart, as before
		}
		res.Source = pairedSource(t, n)
		results[pr.tables] = res
		drop[pr.narrative] = true
		paired[pr.narrative] = true
		fmt.Fprintf(stderr, "yusuan: 提示: %s 只有文字说明、没有预算表，它引用的 %d 个合计数与 %s 的表格一致，两者作为同一份公开文件检查\n", n, pr.matches, t)
	}
	for i, pt := range parts {
		if pt.narrativeOnly && !paired[i] {
			results[i].Error += "。此文件只有文字说明；若表格在另一个文件中，请把两个文件一起检查（放在同一文件夹中，按说明引用的合计数配对），或用 yusuan import 表格文件 说明文件 -o doc.json 合并后检查"
		}
	}
	out := results[:0]
	for i, r := range results {
		if !drop[i] {
			out = append(out, r)
		}
	}
	return out
}

// checkFile loads one input as a document and checks it.
func checkFile(path string, o checkOptions) (res check.DocumentResult, pt part) {
	defer func() {
		if e := recover(); e != nil {
			res = check.DocumentResult{Source: path, Error: fmt.Sprintf("内部错误：%v", e), Findings: []check.Finding{}}
		}
	}()
	doc, p, imported, err := loadDocument(path, o)
	if err != nil {
		var nt *recognize.NoTablesError
		if errors.As(err, &nt) && o.parts == nil {
			pt, _ = narrativePart(path)
		}
		return check.DocumentResult{Source: path, Error: err.Error(), Findings: []check.Finding{}}, pt
	}
	if imported {
		pt = tablesPart(doc)
	}
	ctx := check.Context{Profile: p}
	if doc.Year > 0 {
		ctx.Catalog, _ = o.load.catalog(doc.Year)
	}
	if o.store != nil {
		prior, err := o.store.PriorDocument(context.Background(), yusuan.Organization{Code: doc.Department.Code, Name: doc.Department.Name}, doc.Year, doc.Kind)
		if err != nil {
			return check.DocumentResult{Source: path, Error: err.Error(), Findings: []check.Finding{}}, pt
		}
		ctx.Prior = prior
	}
	return check.NewResult(path, doc, check.Check(doc, ctx)), pt
}

// loadDocument turns any input into a document: a budget file is
// compiled, Document JSON decoded, anything else read and recognized
// (imported is true), together with o.parts when set.
func loadDocument(path string, o checkOptions) (doc *yusuan.Document, p *yusuan.Profile, imported bool, err error) {
	var buf []byte
	if path != limits.Stdin {
		if bp, ok := docBufs.Get().(*[]byte); ok {
			buf = *bp
		}
	}
	name, b, err := readInputInto(path, buf)
	if err != nil {
		return nil, nil, false, err
	}
	doc, p, imported, decoded, err := loadDataFrom(path, name, b, o)
	if decoded && path != limits.Stdin {
		// Nothing decoded from Document JSON refers to its bytes (strings
		// are copied), so the next file is read into the same buffer:
		// a folder of documents is read without a new buffer, zeroed
		// and faulted in, for each file.
		b = b[:cap(b)]
		docBufs.Put(&b)
	}
	return doc, p, imported, err
}

// docBufs holds the read buffers of Document JSON files that have been
// decoded (loadDocument).
var docBufs sync.Pool

// loadData is loadDocument on an input already read.
func loadData(path, name string, b []byte, o checkOptions) (doc *yusuan.Document, p *yusuan.Profile, imported bool, err error) {
	doc, p, imported, _, err = loadDataFrom(path, name, b, o)
	return doc, p, imported, err
}

// LoadUpload reads a file received by the server (a draft's upload) as
// check and publish read a file given on the command line: a fill-in
// workbook or budget file is compiled, Document JSON decoded, a
// published PDF, text or workbook imported with its profile recognized.
func LoadUpload(name string, data []byte) (*yusuan.Document, *yusuan.Profile, error) {
	if int64(len(data)) > limits.Current().InputBytes {
		return nil, nil, limits.TooLarge(name, int64(len(data)))
	}
	doc, p, _, err := loadData(name, name, data, checkOptions{load: newLoader("")})
	return doc, p, err
}

// loadDataFrom is loadData; decoded says b was Document JSON, decoded
// (or refused) without keeping any reference to b.
func loadDataFrom(path, name string, b []byte, o checkOptions) (doc *yusuan.Document, p *yusuan.Profile, imported, decoded bool, err error) {
	switch inputKind(path, b) {
	case "budget":
		doc, p, err = compileData(name, b, o.profile, o.catalog)
		return doc, p, false, false, err
	case "json":
		if !isDocumentJSON(b) {
			doc, p, err = compileData(name, b, o.profile, o.catalog)
			return doc, p, false, false, err
		}
		doc, err := ParseDocument(name, b)
		if err != nil {
			return nil, nil, false, true, err
		}
		id := doc.Profile
		if o.profile != "" {
			id = o.profile
		}
		p, _ := o.load.profile(id)
		return doc, p, false, true, nil
	}
	prof := o.profile
	if prof == "" {
		prof = "auto"
	}
	var res *recognize.Result
	if o.parts != nil {
		res, err = importFiles(o.parts, prof)
	} else {
		res, err = importInputs([]input{{name, b}}, prof)
	}
	if err != nil {
		return nil, nil, false, false, err
	}
	p, _ = o.load.profile(res.Doc.Profile)
	return res.Doc, p, true, false, nil
}

// isDocumentJSON tells Document JSON from a budget file written as JSON.
// yusuan writes the schema first, so the head of the file usually says;
// otherwise the whole file is decoded to read it.
func isDocumentJSON(b []byte) bool {
	head := b[:min(len(b), 512)]
	if bytes.Contains(head, []byte(`"schema"`)) && bytes.Contains(head, []byte(yusuan.DocumentSchema)) {
		return true
	}
	var doc struct {
		Schema string `json:"schema"`
	}
	return json.Unmarshal(b, &doc) == nil && doc.Schema == yusuan.DocumentSchema
}

func newRules() *cobra.Command {
	var markdown bool
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the check rules (the catalog docs/rules.md is generated from)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			w := cmd.OutOrStdout()
			if markdown {
				return check.WriteCatalog(w)
			}
			cat := check.Category("")
			for _, r := range check.Rules() {
				if r.Category != cat {
					cat = r.Category
					fmt.Fprintf(w, "\n%s\n", check.CategoryName(cat))
				}
				only := ""
				if len(r.Kinds) == 1 {
					only = map[string]string{yusuan.DocBudget: "（仅用于预算）", yusuan.DocFinal: "（仅用于决算）"}[r.Kinds[0]]
				}
				fmt.Fprintf(w, "  %-9s %-4s %s%s\n", r.ID, r.Severity.Chinese(), r.Title, only)
			}
			fmt.Fprintf(w, "\n共 %d 条规则；详见 docs/rules.md 或 yusuan rules --markdown。\n", len(check.Rules()))
			return nil
		},
	}
	cmd.Flags().BoolVar(&markdown, "markdown", false, "print the full catalog with each rule's documentation, as Markdown")
	return cmd
}
