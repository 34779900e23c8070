package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/store"
)

func init() { register(newApproval) }

func newApproval() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "approval",
		Short: "Enter the dates budgets were approved (批复日期), from which the 20 days to publish are counted (set, import, list)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return inputError{errors.New("请给出子命令：yusuan approval set、import 或 list")}
		},
	}
	var setDSN, kind, name, region, parent string
	set := &cobra.Command{
		Use:   "set ORG-CODE YEAR YYYY-MM-DD [--kind budget|final]",
		Short: "Set the approval date of an organization's budget (or final accounts) of a year",
		Args:  cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			year, err := strconv.Atoi(args[1])
			if err != nil {
				return inputError{fmt.Errorf("年度 %q 无效：应为四位数字，如 2026", args[1])}
			}
			d, err := yusuan.ParseDate(args[2])
			if err != nil {
				return inputError{err}
			}
			k, err := approvalKind(kind)
			if err != nil {
				return inputError{err}
			}
			c := store.ApprovalChange{Organization: args[0], Name: name, Region: region, Parent: parent, Year: year, Kind: k, ApprovedOn: d}
			return setApprovals(cmd.Context(), cmd.OutOrStdout(), setDSN, []store.ApprovalChange{c}, func(i int) string { return "" })
		},
	}
	dbFlag(set, &setDSN)
	set.Flags().StringVar(&kind, "kind", "budget", "budget (预算) or final (决算)")
	set.Flags().StringVar(&name, "name", "", "the organization's name, to register an organization not stored yet")
	set.Flags().StringVar(&region, "region", "", "the region code of an organization registered here")
	set.Flags().StringVar(&parent, "parent", "", "the department code of a unit registered here")

	var importDSN, importKind, importRegion string
	imp := &cobra.Command{
		Use:   "import FILE.csv [--kind budget|final] [--region CODE]",
		Short: "Set many approval dates from a CSV file headed 单位编码,年度,批复日期 (optional columns 单位名称, 类型); all rows or none",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := approvalKind(importKind)
			if err != nil {
				return inputError{err}
			}
			name, data, err := readInput(args[0])
			if err != nil {
				return inputError{err}
			}
			changes, lines, err := parseApprovalCSV(name, data, k, importRegion)
			if err != nil {
				return inputError{err}
			}
			return setApprovals(cmd.Context(), cmd.OutOrStdout(), importDSN, changes, func(i int) string {
				return fmt.Sprintf("%s:%d: ", name, lines[i])
			})
		},
	}
	dbFlag(imp, &importDSN)
	imp.Flags().StringVar(&importKind, "kind", "budget", "budget (预算) or final (决算), for rows without a 类型 column")
	imp.Flags().StringVar(&importRegion, "region", "", "the region code of organizations the file registers (rows with 单位名称)")

	var listDSN, listRegion, listKind string
	var listYear int
	list := &cobra.Command{
		Use:   "list [--region CODE] [--year YEAR] [--kind budget|final]",
		Short: "List the approval dates entered",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openStore(cmd.Context(), listDSN, store.Options{ReadOnly: true})
			if err != nil {
				return err
			}
			defer s.Close()
			as, err := s.Approvals(cmd.Context(), store.ApprovalFilter{Region: listRegion, Year: listYear, Kind: listKind})
			if err != nil {
				return inputError{err}
			}
			w := cmd.OutOrStdout()
			for _, a := range as {
				fmt.Fprintf(w, "%s\t%s\t%d年%s\t批复日期 %s\t（%s 录入）\n", a.Organization.Code, a.Organization.Name, a.Year, yusuan.KindTitle(a.Kind), a.ApprovedOn, a.SetBy)
			}
			fmt.Fprintf(w, "共 %d 条\n", len(as))
			return nil
		},
	}
	dbFlag(list, &listDSN)
	list.Flags().StringVar(&listRegion, "region", "", "only organizations of this region")
	list.Flags().IntVar(&listYear, "year", 0, "only this year")
	list.Flags().StringVar(&listKind, "kind", "", "only budget or final")
	cmd.AddCommand(set, imp, list)
	return cmd
}

func approvalKind(k string) (string, error) {
	switch strings.TrimSpace(k) {
	case "", yusuan.DocBudget, "预算":
		return yusuan.DocBudget, nil
	case yusuan.DocFinal, "决算":
		return yusuan.DocFinal, nil
	}
	return "", fmt.Errorf("类型 %q 无效：应为 budget（预算）或 final（决算）", k)
}

// setApprovals stores the changes, all or none; where(i) names the place
// of change i in the input for a message.
func setApprovals(ctx context.Context, w io.Writer, dsn string, changes []store.ApprovalChange, where func(i int) string) error {
	s, err := openStore(ctx, dsn, store.Options{Migrate: true})
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.SetApprovals(ctx, changes, systemUser(), "cli")
	var ae *store.ApprovalError
	if errors.As(err, &ae) {
		return inputError{fmt.Errorf("%s%v；未作任何改动", where(ae.Index), ae.Err)}
	}
	if err != nil {
		return inputError{err}
	}
	var added, changed, same int
	for _, r := range res {
		a := r.Approval
		what := fmt.Sprintf("%s %s %d年%s 批复日期 %s", a.Organization.Code, a.Organization.Name, a.Year, yusuan.KindTitle(a.Kind), a.ApprovedOn)
		switch {
		case r.Unchanged:
			same++
			fmt.Fprintf(w, "未变化  %s\n", what)
		case r.Previous.IsZero():
			added++
			fmt.Fprintf(w, "已录入  %s\n", what)
		default:
			changed++
			fmt.Fprintf(w, "已修改  %s（原为 %s）\n", what, r.Previous)
		}
	}
	if len(res) > 1 {
		fmt.Fprintf(w, "共 %d 条：新录入 %d，修改 %d，未变化 %d\n", len(res), added, changed, same)
	}
	return nil
}

// approvalColumns are the columns of an approval CSV file; the first
// three are required.
var approvalColumns = []string{"单位编码", "年度", "批复日期", "单位名称", "类型"}

// maxApprovalErrors is how many bad rows a message lists.
const maxApprovalErrors = 20

// parseApprovalCSV reads an approval CSV file (UTF-8 with or without
// BOM, or GB18030 as Excel saves it) into changes and the line of each;
// every bad row is named by its line, and any bad row fails the whole
// file.
func parseApprovalCSV(name string, data []byte, kind, region string) ([]store.ApprovalChange, []int, error) {
	text, err := catalog.DecodeText(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	col := map[string]int{}
	var changes []store.ApprovalChange
	var lines []int
	var problems []string
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, fmt.Errorf("%s:%d: CSV 格式错误：%v", name, pe.Line, pe.Err)
			}
			return nil, nil, fmt.Errorf("%s: %v", name, err)
		}
		line, _ := r.FieldPos(0)
		if blankRecord(rec) {
			continue
		}
		if len(col) == 0 {
			for i, h := range rec {
				h = strings.TrimSpace(h)
				for _, c := range approvalColumns {
					if h == c {
						col[c] = i
					}
				}
			}
			var missing []string
			for _, c := range approvalColumns[:3] {
				if _, ok := col[c]; !ok {
					missing = append(missing, c)
				}
			}
			if len(missing) > 0 {
				return nil, nil, fmt.Errorf("%s:%d: 表头缺少列 %s；表头应为 单位编码,年度,批复日期（可加 单位名称、类型）", name, line, strings.Join(missing, "、"))
			}
			continue
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		c := store.ApprovalChange{Organization: get("单位编码"), Name: get("单位名称"), Kind: kind}
		var bad []string
		if c.Organization == "" {
			bad = append(bad, "单位编码为空")
		}
		if y, err := strconv.Atoi(strings.TrimSuffix(get("年度"), "年")); err != nil || y < 1900 || y > 9999 {
			bad = append(bad, fmt.Sprintf("年度 %q 无效", get("年度")))
		} else {
			c.Year = y
		}
		if d, err := yusuan.ParseDate(get("批复日期")); err != nil {
			bad = append(bad, err.Error())
		} else {
			c.ApprovedOn = d
		}
		if v := get("类型"); v != "" {
			if k, err := approvalKind(v); err != nil {
				bad = append(bad, err.Error())
			} else {
				c.Kind = k
			}
		}
		if c.Name != "" {
			c.Region = region
		}
		key := fmt.Sprintf("%s/%d/%s", c.Organization, c.Year, c.Kind)
		if prev, ok := seen[key]; ok && len(bad) == 0 {
			bad = append(bad, fmt.Sprintf("与第 %d 行重复（同一单位、年度和类型）", prev))
		}
		if len(bad) > 0 {
			problems = append(problems, fmt.Sprintf("%s:%d: %s", name, line, strings.Join(bad, "；")))
			continue
		}
		seen[key] = line
		changes = append(changes, c)
		lines = append(lines, line)
	}
	if len(col) == 0 {
		return nil, nil, fmt.Errorf("%s: 文件为空：第一行应为表头 单位编码,年度,批复日期", name)
	}
	if n := len(problems); n > 0 {
		more := ""
		if len(problems) > maxApprovalErrors {
			more = fmt.Sprintf("\n……另有 %d 行有误", len(problems)-maxApprovalErrors)
			problems = problems[:maxApprovalErrors]
		}
		return nil, nil, fmt.Errorf("%d 行有误，未作任何改动：\n%s%s", n, strings.Join(problems, "\n"), more)
	}
	if len(changes) == 0 {
		return nil, nil, fmt.Errorf("%s: 只有表头，没有数据行", name)
	}
	return changes, lines, nil
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
