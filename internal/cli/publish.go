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
	"sync"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/store"
)

func init() { register(newPublish) }

type publishOptions struct {
	db, region, regionName, orgCode, parent, format string
	check                                           checkOptions
	// approved is the approval date (批复日期) to set for what is published.
	approved yusuan.Date
}

// publishOutcome is what happened to one input, for the summary.
type publishOutcome struct {
	File         string `json:"file"`
	Status       string `json:"status"` // published, unchanged, unreadable
	Error        string `json:"error,omitempty"`
	Publication  int64  `json:"publication,omitempty"`
	Organization string `json:"organization,omitempty"`
	Name         string `json:"name,omitempty"`
	Year         int    `json:"year,omitempty"`
	Kind         string `json:"kind,omitempty"`
	Level        string `json:"level,omitempty"`
	Version      int    `json:"version,omitempty"`
	Errors       int    `json:"errors"`
	Warnings     int    `json:"warnings"`
}

type publishSummary struct {
	Files      int              `json:"files"`
	Published  int              `json:"published"`
	Unchanged  int              `json:"unchanged"`
	Unreadable int              `json:"unreadable"`
	Outcomes   []publishOutcome `json:"outcomes"`
}

func newPublish() *cobra.Command {
	var o publishOptions
	var jobs int
	var approved string
	cmd := &cobra.Command{
		Use:   "publish FILE|DIR...",
		Short: "Check disclosures and store them, with their findings, as versioned publications",
		Long: `Store disclosures in the database: budget files (compiled), Document JSON
and published PDF/text/XLSX (imported). Each is checked and stored with its
findings in one transaction. The same file again makes no new version;
changed content for the same organization, year and kind makes the next
version, and every version stays readable. Exit status 2 when an input could
not be read (the others are still stored).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.format != "text" && o.format != "json" {
				return inputError{fmt.Errorf("未知的输出格式 %q：可用 text、json", o.format)}
			}
			o.check.jobs = jobs
			if approved != "" {
				d, err := yusuan.ParseDate(approved)
				if err != nil {
					return inputError{fmt.Errorf("--approved：%v", err)}
				}
				o.approved = d
			}
			return runPublish(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args, o)
		},
	}
	dbFlag(cmd, &o.db)
	cmd.Flags().StringVar(&o.region, "region", "", "the region's code (e.g. 410100)")
	cmd.Flags().StringVar(&o.regionName, "region-name", "", "the region's name, needed the first time a region is used (e.g. 郑州市)")
	cmd.Flags().StringVar(&o.orgCode, "org-code", "", "the organization's code, when the document does not print it (one input file only)")
	cmd.Flags().StringVar(&o.parent, "parent", "", "the code of the department a unit budget belongs to")
	cmd.Flags().StringVar(&o.format, "format", "text", "summary format: text or json")
	cmd.Flags().StringVar(&o.check.profile, "profile", "", "disclosure profile (default: the file's own, or recognized)")
	cmd.Flags().StringVar(&o.check.catalog, "catalog", "", "a fuller classification catalog (CSV or XLSX)")
	cmd.Flags().IntVarP(&jobs, "jobs", "j", 0, "files read and checked at once (default: GOMAXPROCS)")
	cmd.Flags().StringVar(&approved, "approved", "", "the date (YYYY-MM-DD) the published budgets were approved (批复), as yusuan approval set sets it")
	return cmd
}

// prepared is one input read, checked and ready to store.
type prepared struct {
	file string
	pub  yusuan.NewPublication
	err  error
	// namedOnly: the organization's code was made from its name.
	namedOnly bool
}

func runPublish(ctx context.Context, stdout, stderr io.Writer, args []string, o publishOptions) error {
	files, bad := expandInputs(args)
	if o.orgCode != "" && len(files)+len(bad) != 1 {
		return inputError{errors.New("--org-code 只能用于单个文件：文件夹中每个文件的单位不同")}
	}
	if len(files) == 0 && len(bad) == 0 {
		return inputError{errors.New("没有找到可发布的文件")}
	}
	s, err := openStore(ctx, o.db, store.Options{Migrate: true})
	if err != nil {
		return err
	}
	defer s.Close()
	region, err := resolveRegion(ctx, s, o.region, o.regionName)
	if err != nil {
		return err
	}
	o.check.load = newLoader(o.check.catalog)

	sum := publishSummary{Files: len(files) + len(bad)}
	for _, b := range bad {
		sum.Outcomes = append(sum.Outcomes, publishOutcome{File: b.Source, Status: "unreadable", Error: b.Error})
	}
	bar := progress(stderr, len(files), "发布")
	results := make(chan prepared)
	go prepareAll(s, files, o, region, results)
	for p := range results {
		out := publishOutcome{File: p.file}
		if p.err == nil && p.namedOnly {
			// A document that prints no code is the organization of the
			// same name in the region, when there is one.
			p.err = adoptCode(ctx, s, &p.pub.Organization)
		}
		if p.err == nil {
			var res yusuan.PublishResult
			res, p.err = s.Publish(ctx, p.pub)
			if p.err == nil {
				pub := res.Publication
				out = publishOutcome{File: p.file, Status: "published", Publication: pub.ID, Organization: pub.Organization.Code,
					Name: pub.Organization.Name, Year: pub.Year, Kind: pub.Kind, Level: pub.Level, Version: pub.Version,
					Errors: p.pub.Errors, Warnings: p.pub.Warnings}
				if res.Unchanged {
					out.Status = "unchanged"
				} else if err := auditPublish(ctx, s, p.file, pub); err != nil {
					// Stored but not recorded: stop, and say so.
					return inputError{fmt.Errorf("%s 已存储为第 %d 号公开文件，但审计记录写入失败：%w", p.file, pub.ID, err)}
				}
				if !o.approved.IsZero() {
					if _, err := s.SetApprovals(ctx, []store.ApprovalChange{{Organization: pub.Organization.Code, Year: pub.Year, Kind: pub.Kind, ApprovedOn: o.approved}}, systemUser(), "cli"); err != nil {
						return inputError{fmt.Errorf("%s 已存储为第 %d 号公开文件，但批复日期未能录入：%w", p.file, pub.ID, err)}
					}
				}
			} else {
				var ue *store.UnavailableError
				if errors.As(p.err, &ue) {
					// The database went away: stop, nothing half-written.
					return inputError{p.err}
				}
			}
		}
		if p.err != nil {
			out.Status, out.Error = "unreadable", p.err.Error()
		}
		sum.Outcomes = append(sum.Outcomes, out)
		if bar != nil {
			bar.Add(1)
		}
	}
	if bar != nil {
		bar.Finish()
	}
	for _, out := range sum.Outcomes {
		switch out.Status {
		case "published":
			sum.Published++
		case "unchanged":
			sum.Unchanged++
		default:
			sum.Unreadable++
		}
	}
	if o.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		writePublishText(stdout, sum)
	}
	// The index work publishing deferred (store.DB.Maintain), in its own
	// transaction: searches find the same before and after, only faster
	// after; if it fails, the publications stay whole and the next
	// publish does it.
	if err := s.Maintain(ctx); err != nil {
		return inputError{err}
	}
	if sum.Unreadable > 0 {
		return exitError{ExitInput}
	}
	return nil
}

func writePublishText(w io.Writer, sum publishSummary) {
	kinds := map[string]string{yusuan.DocBudget: "预算", yusuan.DocFinal: "决算"}
	for _, out := range sum.Outcomes {
		switch out.Status {
		case "published":
			fmt.Fprintf(w, "已发布  %s → %s %s %d年%s 第%d版（编号 %d；错误 %d，警告 %d）\n", out.File, out.Organization, out.Name, out.Year, kinds[out.Kind], out.Version, out.Publication, out.Errors, out.Warnings)
		case "unchanged":
			fmt.Fprintf(w, "未变化  %s：与已发布的第%d版相同（编号 %d），未建新版本\n", out.File, out.Version, out.Publication)
		default:
			fmt.Fprintf(w, "未发布  %s：%s\n", out.File, out.Error)
		}
	}
	fmt.Fprintf(w, "共 %d 个文件：新版本 %d，未变化 %d，未能发布 %d\n", sum.Files, sum.Published, sum.Unchanged, sum.Unreadable)
}

// progress is a bar on a terminal, nil otherwise.
func progress(stderr io.Writer, n int, what string) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if !ok || n < 2 || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
}

// prepareAll reads and checks the files on a pool of workers and sends
// each, in input order, to out.
func prepareAll(s *store.DB, files []string, o publishOptions, region *yusuan.Region, out chan<- prepared) {
	defer close(out)
	n := o.check.jobs
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	n = max(1, min(n, len(files), 64))
	done := make([]chan prepared, len(files))
	for i := range done {
		done[i] = make(chan prepared, 1)
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				done[i] <- prepareFile(s, files[i], o, region)
			}
		}()
	}
	go func() {
		for i := range files {
			work <- i
		}
		close(work)
		wg.Wait()
	}()
	for i := range files {
		out <- <-done[i]
	}
}

func prepareFile(s *store.DB, path string, o publishOptions, region *yusuan.Region) (p prepared) {
	p.file = path
	defer func() {
		if e := recover(); e != nil {
			p.err = fmt.Errorf("内部错误：%v", e)
		}
	}()
	data, err := os.ReadFile(path)
	if err != nil {
		p.err = err
		return p
	}
	doc, prof, _, err := loadDocument(path, o.check)
	if err != nil {
		p.err = err
		return p
	}
	if doc.Year == 0 {
		p.err = fmt.Errorf("%s：无法确定预算年度", path)
		return p
	}
	name := doc.Department.Name
	if name == "" {
		p.err = fmt.Errorf("%s：无法确定单位名称", path)
		return p
	}
	code := o.orgCode
	if code == "" {
		code = doc.Department.Code
	}
	regionCode := ""
	if region != nil {
		regionCode = region.Code
	}
	if code == "" {
		code = store.OrgCode(regionCode, name)
		p.namedOnly = true
	}
	cctx := check.Context{Profile: prof}
	cctx.Catalog, _ = o.check.load.catalog(doc.Year)
	// Last year's publication of the organization, for the PRIOR rules.
	if prior, err := s.PriorDocument(context.Background(), yusuan.Organization{Code: code, Name: name, Region: regionCode}, doc.Year, doc.Kind); err != nil {
		p.err = err
		return p
	} else {
		cctx.Prior = prior
	}
	res := check.NewResult(path, doc, check.Check(doc, cctx))
	var findings bytes.Buffer
	if err := check.NewReport([]check.DocumentResult{res}).WriteJSON(&findings); err != nil {
		p.err = err
		return p
	}
	docJSON, err := DocumentJSON(doc)
	if err != nil {
		p.err = err
		return p
	}
	errs, warns := check.Count(res.Findings)
	p.pub = yusuan.NewPublication{
		Organization: yusuan.Organization{Code: code, Name: name, Region: regionCode, Parent: o.parent},
		Region:       region,
		FileName:     baseName(path),
		File:         data,
		Document:     doc,
		DocumentJSON: docJSON,
		FindingsJSON: findings.Bytes(),
		Errors:       errs,
		Warnings:     warns,
		Facts:        yusuan.Facts(doc),
	}
	return p
}

func baseName(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' || path[i] == '\\' {
			return path[i+1:]
		}
	}
	return path
}

// resolveRegion finds or declares the region of --region.
func resolveRegion(ctx context.Context, s *store.DB, code, name string) (*yusuan.Region, error) {
	if code == "" {
		if name != "" {
			return nil, inputError{errors.New("--region-name 需要和 --region 一起使用")}
		}
		return nil, nil
	}
	if name != "" {
		return &yusuan.Region{Code: code, Name: name}, nil
	}
	regions, err := s.Regions(ctx)
	if err != nil {
		return nil, inputError{err}
	}
	for _, r := range regions {
		if r.Code == code {
			return &r, nil
		}
	}
	return nil, inputError{fmt.Errorf("地区 %s 尚未登记：第一次使用时请用 --region-name 给出名称", code)}
}

// adoptCode gives org the code of the organization of the same name and
// region already stored, if any.
func adoptCode(ctx context.Context, s *store.DB, org *yusuan.Organization) error {
	orgs, err := s.Organizations(ctx, yusuan.OrganizationFilter{Region: org.Region, Query: org.Name})
	if err != nil {
		return err
	}
	for _, o := range orgs {
		if o.Name == org.Name && o.Region == org.Region {
			org.Code = o.Code
			return nil
		}
	}
	return nil
}
