package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/read"
	"github.com/yusuan/yusuan/workbook"
)

func init() { register(newTemplate) }

func newTemplate() *cobra.Command {
	var profileFlag, fromFlag, outFlag, catalogFlag string
	var yearFlag int
	cmd := &cobra.Command{
		Use:   "template (--profile ID [--year Y] | --from BUDGET) -o FILE.xlsx",
		Short: "Write the fill-in workbook (填报模板) of a profile, or of an existing budget",
		Long: `Write the fill-in workbook of a budget (填报模板, docs/template.md): one
sheet per kind of fact, drop-down lists from the classification catalog of
the year, input checks, locked header rows and instructions in Chinese.
With --profile it is empty; with --from it holds the budget of a budget
file (or of another filled workbook). yusuan build reads a filled
workbook as it reads a budget file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if outFlag == "" {
				return inputError{fmt.Errorf("请用 -o 给出工作簿的文件名（例如 -o 填报模板.xlsx）")}
			}
			var data []byte
			var err error
			if fromFlag != "" {
				data, err = templateFrom(fromFlag, profileFlag, catalogFlag)
			} else {
				data, err = emptyTemplate(profileFlag, yearFlag, catalogFlag)
			}
			if err != nil {
				return err
			}
			if outFlag == "-" {
				_, err := cmd.OutOrStdout().Write(data)
				return err
			}
			return writeOne(cmd, outFlag, data, []string{fromFlag, profileFlag, catalogFlag})
		},
	}
	cmd.Flags().StringVar(&profileFlag, "profile", "", "disclosure profile of the workbook (yusuan profiles lists them)")
	cmd.Flags().IntVar(&yearFlag, "year", 0, "budget year (default: the profile's latest year); chooses the catalog of the drop-down lists")
	cmd.Flags().StringVar(&fromFlag, "from", "", "a budget file (or filled workbook) to write into the workbook")
	cmd.Flags().StringVarP(&outFlag, "output", "o", "", "the workbook to write (.xlsx), or - for standard output")
	cmd.Flags().StringVar(&catalogFlag, "catalog", "", "a fuller classification catalog (CSV or XLSX, see docs/catalogs.md) for the drop-down lists")
	return cmd
}

func emptyTemplate(profileID string, year int, catalogFile string) ([]byte, error) {
	if profileID == "" {
		return nil, inputError{fmt.Errorf("请用 --profile 指定公开格式（可用：%s），或用 --from 给出已有的预算文件", strings.Join(profile.IDs(), ", "))}
	}
	p, err := profile.LoadFile(profileID)
	if err != nil {
		return nil, inputError{err}
	}
	if year == 0 {
		if len(p.Years) == 0 {
			return nil, inputError{fmt.Errorf("公开格式 %s 没有注明适用年度，请用 --year 指定预算年度", p.ID)}
		}
		year = p.Years[len(p.Years)-1]
	}
	if year < 1990 || year > 2100 {
		return nil, inputError{fmt.Errorf("--year %d：应为 2021 这样的年份", year)}
	}
	cat, err := catalogs(catalogFile)(year)
	if err != nil {
		return nil, inputError{err}
	}
	return workbook.Template(p.ID, p.Kind, p.Level, year, templateOptions(p, cat, p.Kind == yusuan.DocFinal))
}

func templateFrom(path, profileID, catalogFile string) ([]byte, error) {
	name, data, err := readInput(path)
	if err != nil {
		return nil, inputError{err}
	}
	cats := catalogs(catalogFile)
	b, _, err := loadBudget(name, data, cats)
	if err != nil {
		return nil, err
	}
	if profileID != "" {
		b.Profile = profileID
	}
	var p *yusuan.Profile
	if b.Profile != "" {
		if p, err = profile.LoadFile(b.Profile); err != nil {
			return nil, inputError{err}
		}
	}
	cat, err := cats(b.Year)
	if err != nil {
		return nil, inputError{err}
	}
	out, err := workbook.Write(b, templateOptions(p, cat, p != nil && p.Kind == yusuan.DocFinal))
	if err != nil {
		return nil, inputError{fmt.Errorf("%s: %w", name, err)}
	}
	return out, nil
}

func templateOptions(p *yusuan.Profile, cat *yusuan.Catalog, final bool) workbook.Options {
	o := workbook.Options{Catalog: cat, Profiles: profile.IDs(), Final: final}
	if p != nil {
		seen := map[yusuan.TableKind]bool{}
		o.Tables = []yusuan.TableKind{}
		for _, t := range p.Tables {
			if !seen[t.Kind] && t.Kind != yusuan.KindOther {
				seen[t.Kind] = true
				o.Tables = append(o.Tables, t.Kind)
			}
		}
	}
	return o
}

// loadBudget reads and validates a budget from a budget file (YAML or
// JSON) or a filled workbook; explain adds to an error of compiling it
// where in the workbook the missing fact belongs.
func loadBudget(name string, data []byte, cats budgetfile.CatalogFor) (b *yusuan.Budget, explain func(error) error, err error) {
	explain = func(err error) error { return err }
	switch k := read.Kind(data); k {
	case layout.KindXLSX:
		if workbook.IsTemplate(data) {
			fl, err := workbook.Open(name, data, cats)
			if err != nil {
				return nil, nil, inputError{err}
			}
			return fl.Budget, fl.Explain, nil
		}
		fallthrough
	case layout.KindPDF, "xls":
		return nil, nil, inputError{fmt.Errorf("%s: 这是 %s 文件，不是预算文件（YAML、JSON 或 yusuan 填报模板，见 docs/budget-file.md、docs/template.md）；读取已公开的文件请用 yusuan import 或 yusuan check", name, strings.ToUpper(k))}
	}
	b, err = budgetfile.Parse(name, data, cats)
	if err != nil {
		return nil, nil, inputError{err}
	}
	return b, explain, nil
}
