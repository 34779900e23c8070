package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/internal/outdir"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/render/markdown"
)

// format renders a document into one or more files.
type format struct {
	name string
	desc string
	out  func(doc *yusuan.Document, p *yusuan.Profile, base string) ([]outdir.File, error)
}

func init() {
	register(newBuild)
	register(newProfiles)
	register(newCatalogCmd)
}

// registerFormat adds an output format; renderers' files call it in init.
func registerFormat(f format) { formats = append(formats, f) }

var formats = []format{
	{"md", "Markdown", func(doc *yusuan.Document, p *yusuan.Profile, base string) ([]outdir.File, error) {
		return []outdir.File{{Name: base + ".md", Data: markdown.Render(doc, p)}}, nil
	}},
	{"json", "Document JSON (yusuan.document/v1)", func(doc *yusuan.Document, p *yusuan.Profile, base string) ([]outdir.File, error) {
		b, err := DocumentJSON(doc)
		return []outdir.File{{Name: base + ".json", Data: b}}, err
	}},
}

// DocumentJSON encodes a document as indented Document JSON.
func DocumentJSON(doc *yusuan.Document) ([]byte, error) {
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func formatNames() []string {
	var ns []string
	for _, f := range formats {
		ns = append(ns, f.name)
	}
	return ns
}

// parseFormats reads --format: a comma-separated list, or "all".
func parseFormats(s string) ([]format, error) {
	var out []format
	seen := map[string]bool{}
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		if name == "all" {
			return formats, nil
		}
		found := false
		for _, f := range formats {
			if f.name == name {
				out, found = append(out, f), true
			}
		}
		if !found {
			return nil, inputError{fmt.Errorf("未知的输出格式 %q；可用：%s、all", name, strings.Join(formatNames(), "、"))}
		}
	}
	if len(out) == 0 {
		return nil, inputError{fmt.Errorf("没有给出输出格式（--format）")}
	}
	return out, nil
}

// catalogs returns the catalog source for budgets: the embedded edition of
// the year, with a user's catalog file merged over it.
func catalogs(file string) budgetfile.CatalogFor {
	loaded := map[int]*yusuan.Catalog{}
	return func(year int) (*yusuan.Catalog, error) {
		if c, ok := loaded[year]; ok {
			return c, nil
		}
		c, err := load(year, file)
		if err == nil {
			loaded[year] = c
		}
		return c, err
	}
}

// load returns the embedded catalog of the year with the user's catalog
// file, if any, merged over it.
func load(year int, file string) (*yusuan.Catalog, error) {
	c, err := catalog.Load(year)
	if err != nil {
		if file == "" {
			return nil, err
		}
		// No embedded edition that old: the user's catalog stands alone.
		c = nil
	}
	if file == "" {
		return c, nil
	}
	uc, err := catalog.LoadFile(file, c)
	if err != nil {
		return nil, &budgetfile.CatalogFileError{Err: err}
	}
	if uc.Year == 0 {
		uc.Year = year
	}
	return uc, nil
}

func newBuild() *cobra.Command {
	var formatFlag, outFlag, profileFlag, catalogFlag string
	cmd := &cobra.Command{
		Use:   "build BUDGET",
		Short: "Compile a budget file into its complete disclosure",
		Long: `Compile a budget file (YAML or JSON, see docs/budget-file.md) into the
complete public disclosure of its profile: every table and the narrative,
written in each requested format into the output directory. Nothing is
written unless every format succeeds.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fs, err := parseFormats(formatFlag)
			if err != nil {
				return err
			}
			doc, p, err := compileFile(args[0], profileFlag, catalogFlag)
			if err != nil {
				return err
			}
			base := strings.TrimSuffix(filepath.Base(args[0]), filepath.Ext(args[0]))
			if args[0] == "-" {
				base = "budget"
			}
			return writeFormats(cmd, fs, doc, p, base, outFlag, []string{args[0], profileFlag, catalogFlag})
		},
	}
	cmd.Flags().StringVar(&formatFlag, "format", "md,json", "output formats, comma-separated ("+strings.Join(formatNames(), ", ")+", or all)")
	cmd.Flags().StringVarP(&outFlag, "output", "o", "out", "output directory, or - for standard output when one file is written")
	cmd.Flags().StringVar(&profileFlag, "profile", "", "disclosure profile (default: the budget file's profile)")
	cmd.Flags().StringVar(&catalogFlag, "catalog", "", "a fuller classification catalog (CSV or XLSX, see docs/catalogs.md)")
	return cmd
}

// compileFile loads, validates and compiles a budget file.
func compileFile(path, profileID, catalogFile string) (*yusuan.Document, *yusuan.Profile, error) {
	name, data, err := readInput(path)
	if err != nil {
		return nil, nil, inputError{err}
	}
	return compileData(name, data, profileID, catalogFile)
}

// compileData is compileFile on a file already read.
func compileData(name string, data []byte, profileID, catalogFile string) (*yusuan.Document, *yusuan.Profile, error) {
	path := name
	cats := catalogs(catalogFile)
	b, explain, err := loadBudget(name, data, cats)
	if err != nil {
		return nil, nil, err
	}
	if profileID == "" {
		profileID = b.Profile
	}
	if profileID == "" {
		return nil, nil, inputError{fmt.Errorf("%s: 未指定公开格式：请在预算文件中填写 profile，或使用 --profile（可用：%s）", path, strings.Join(profile.IDs(), ", "))}
	}
	p, err := profile.LoadFile(profileID)
	if err != nil {
		return nil, nil, inputError{err}
	}
	cat, err := cats(b.Year)
	if err != nil {
		return nil, nil, inputError{err}
	}
	doc, err := compile.Compile(b, p, cat)
	if err != nil {
		return nil, nil, inputError{fmt.Errorf("%s: %w", path, explain(err))}
	}
	return doc, p, nil
}

func newProfiles() *cobra.Command {
	return &cobra.Command{
		Use:   "profiles",
		Short: "List the embedded disclosure profiles",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ps, err := profile.All()
			if err != nil {
				return err
			}
			for _, p := range ps {
				fmt.Fprintf(cmd.OutOrStdout(), "%-20s %s（%d 张表）\n", p.ID, p.Name, len(p.Tables))
			}
			return nil
		},
	}
}

func newCatalogCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "catalogs",
		Short: "List the embedded classification catalog editions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, y := range catalog.Editions() {
				c, err := catalog.Load(y)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%d  functional %d codes, econ %d, gov_econ %d, mappings %d\n", y, c.Functional.Len(), c.Econ.Len(), c.GovEcon.Len(), len(c.Mappings))
			}
			return nil
		},
	}
}
