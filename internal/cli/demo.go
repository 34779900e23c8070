package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/demo"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/store"
)

func init() { register(newDemo) }

type demoOptions struct {
	departments int
	years       string
	seed        int64
}

func (o *demoOptions) flags(cmd *cobra.Command) {
	cmd.Flags().IntVar(&o.departments, "departments", 24, "number of departments")
	cmd.Flags().StringVar(&o.years, "years", "2021-2026", "years, FIRST-LAST (the embedded catalogs start in 2021)")
	cmd.Flags().Int64Var(&o.seed, "seed", 1, "random seed: the same seed makes the same region")
}

func (o *demoOptions) parse() (demo.Options, error) {
	first, last, ok := strings.Cut(o.years, "-")
	if !ok {
		last = first
	}
	f, err1 := strconv.Atoi(first)
	l, err2 := strconv.Atoi(last)
	switch {
	case err1 != nil || err2 != nil:
		return demo.Options{}, inputError{fmt.Errorf("--years %q：应写作 2021-2026", o.years)}
	case f > l:
		return demo.Options{}, inputError{fmt.Errorf("--years %q：起始年份大于结束年份", o.years)}
	case l-f > 30:
		return demo.Options{}, inputError{fmt.Errorf("--years %q：最多 30 年", o.years)}
	case o.departments < 1 || o.departments > 10000:
		return demo.Options{}, inputError{fmt.Errorf("--departments %d：应在 1–10000 之间", o.departments)}
	}
	if eds := catalog.Editions(); len(eds) > 0 && f < eds[0] {
		return demo.Options{}, inputError{fmt.Errorf("--years %q：内置科目表最早为 %d 年", o.years, eds[0])}
	}
	return demo.Options{Departments: o.departments, FirstYear: f, LastYear: l, Seed: o.seed, Profile: "zhengzhou-2021", Region: "示例市"}, nil
}

func newDemo() *cobra.Command {
	var o demoOptions
	var dsn string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Generate a synthetic region (labelled 演示数据), compile, check and publish it",
		Long: `Generate a realistic synthetic region — departments of several kinds with
their units, wage shares, projects, “三公” spending, procurement, performance
targets and year-to-year drift — compile every budget, check it and publish
it into the database. Every generated document checks without errors. The
data is synthetic and labelled 演示数据 wherever it shows.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			do, err := o.parse()
			if err != nil {
				return err
			}
			s, err := openStore(cmd.Context(), dsn, store.Options{Migrate: true})
			if err != nil {
				return err
			}
			defer s.Close()
			n, err := publishDemo(cmd.Context(), s, do, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已生成并发布 %d 个部门、%d–%d 年共 %d 份演示预算到 %s\n", do.Departments, do.FirstYear, do.LastYear, n, s.Where)
			return nil
		},
	}
	o.flags(cmd)
	dbFlag(cmd, &dsn)
	return cmd
}

// publishDemo generates the region and publishes every budget; it returns
// how many publications were stored.
func publishDemo(ctx context.Context, s *store.DB, o demo.Options, stderr io.Writer) (int, error) {
	p, err := profile.LoadFile(o.Profile)
	if err != nil {
		return 0, err
	}
	ds, err := demo.Generate(catalog.Load, o)
	if err != nil {
		return 0, err
	}
	region := &yusuan.Region{Code: "999900", Name: o.Region + demo.Label, Level: "city"}
	total := len(ds) * (o.LastYear - o.FirstYear + 1)
	bar := progress(stderr, total, "生成")
	n := 0
	for _, d := range ds {
		var prior *yusuan.Document
		for _, b := range d.Budgets {
			cat, err := catalog.Load(b.Year)
			if err != nil {
				return n, err
			}
			doc, err := compile.Compile(b, p, cat)
			if err != nil {
				return n, fmt.Errorf("%s %d 年：%w", d.Name, b.Year, err)
			}
			fs := check.Check(doc, check.Context{Profile: p, Catalog: cat, Prior: prior})
			prior = doc
			errs, warns := check.Count(fs)
			var findings bytes.Buffer
			name := fmt.Sprintf("%s-%d.json", d.Code, b.Year)
			if err := check.NewReport([]check.DocumentResult{check.NewResult(name, doc, fs)}).WriteJSON(&findings); err != nil {
				return n, err
			}
			file, err := json.MarshalIndent(b, "", "  ")
			if err != nil {
				return n, err
			}
			docJSON, err := DocumentJSON(doc)
			if err != nil {
				return n, err
			}
			_, err = s.Publish(ctx, yusuan.NewPublication{
				Organization: yusuan.Organization{Code: d.Code, Name: d.Name, Region: region.Code},
				Region:       region, FileName: name, File: file, Document: doc, DocumentJSON: docJSON,
				FindingsJSON: findings.Bytes(), Errors: errs, Warnings: warns, Facts: yusuan.Facts(doc),
			})
			if err != nil {
				return n, inputError{err}
			}
			n++
			if bar != nil {
				bar.Add(1)
			}
		}
	}
	if bar != nil {
		bar.Finish()
	}
	// The index work deferred while publishing (store.DB.Maintain).
	if err := s.Maintain(ctx); err != nil {
		return n, inputError{err}
	}
	return n, nil
}

// serveDemo makes a fresh demo database in a temporary folder and serves
// it until interrupted; the folder is removed afterwards.
func serveDemo(cmd *cobra.Command, addr string, o demoOptions) error {
	do, err := o.parse()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "yusuan-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s, err := openStore(ctx, filepath.Join(dir, "demo.db"), store.Options{Migrate: true})
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(cmd.ErrOrStderr(), "正在生成演示数据（%d 个部门，%s 年）…\n", do.Departments, o.years)
	if _, err := publishDemo(ctx, s, do, cmd.ErrOrStderr()); err != nil {
		if errors.Is(err, context.Canceled) {
			return nil
		}
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return inputError{fmt.Errorf("无法监听 %s：%v", addr, err)}
	}
	log := slog.New(slog.NewJSONHandler(cmd.ErrOrStderr(), nil))
	return serve(ctx, ln, s, log, cmd.OutOrStdout())
}
