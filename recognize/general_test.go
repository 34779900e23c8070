package recognize_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/read"
	"github.com/yusuan/yusuan/recognize"
)

// importSamples reads files as one disclosure the way `yusuan import
// --profile auto` does.
func importSamples(t testing.TB, names ...string) *recognize.Result {
	t.Helper()
	var l *layout.Layout
	for _, n := range names {
		li, err := read.File(filepath.Join(disclosures, n))
		if err != nil {
			t.Fatal(err)
		}
		if l == nil {
			l = li
		} else {
			l.Pages = append(l.Pages, li.Pages...)
		}
	}
	ps, err := profile.All()
	if err != nil {
		t.Fatal(err)
	}
	g, err := profile.General()
	if err != nil {
		t.Fatal(err)
	}
	res, err := recognize.Auto(l, ps, g, catalogOf)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// catalogOf is the catalog of a year, else the latest edition.
func catalogOf(year int) *yusuan.Catalog {
	if c, err := catalog.Load(year); err == nil && year > 0 {
		return c
	}
	if eds := catalog.Editions(); len(eds) > 0 {
		c, _ := catalog.Load(eds[len(eds)-1])
		return c
	}
	return nil
}

// ties checks that in every table with a total row, the 类 rows (or,
// without codes, the rows of the first level printed) add up to it in
// every amount column; it returns what does not.
func ties(doc *yusuan.Document) []string {
	var bad []string
	for _, t := range doc.Tables {
		// The total row of a column: a two-sided table may print one per
		// side (合计 on the income side, 合计 on the expenditure side).
		totalOf := func(col string) *yusuan.Row {
			for i := range t.Rows {
				if t.Rows[i].Level == yusuan.LevelTotal && t.Rows[i].Key == "" {
					if _, ok := t.Rows[i].Cells[col]; ok {
						return &t.Rows[i]
					}
				}
			}
			return nil
		}
		if t.Kind == yusuan.KindPerformanceProject || t.Kind == yusuan.KindPerformanceDepartment {
			continue
		}
		var parts []yusuan.Row
		for _, r := range t.Rows {
			if len(r.Code) == 3 && r.Level == yusuan.LevelClass {
				parts = append(parts, r)
			}
		}
		if len(parts) == 0 {
			continue
		}
		for _, c := range t.Columns {
			if c.Type != yusuan.ColAmount {
				continue
			}
			total := totalOf(c.Key)
			if total == nil {
				continue
			}
			want, ok := total.Cells[c.Key]
			if !ok || want.IsText {
				continue
			}
			var sum yusuan.Amount
			printed := false // the 类 rows print this column (not the other side's)
			for _, p := range parts {
				if v, ok := p.Cells[c.Key]; ok && !v.IsText {
					sum += v.Num
					printed = true
				}
			}
			if !printed && (t.Kind == yusuan.KindSummary || t.Kind == yusuan.KindFiscalSummary) {
				continue // the other side's column
			}
			// Each printed part is rounded to the table's last decimal: the
			// parts may miss the total by half a unit each.
			tol := yusuan.Amount(len(parts)) * halfUnit(t)
			if d := sum - want.Num; d > tol || d < -tol {
				bad = append(bad, fmt.Sprintf("表%d %s 列 %s(%s)：类合计 %s ≠ 合计行 %s", t.Number, t.Title, c.Key, c.Label, sum.Format(2), want.Num.Format(2)))
			}
		}
	}
	return bad
}

func kinds(doc *yusuan.Document) string {
	var ks []string
	for _, t := range doc.Tables {
		ks = append(ks, fmt.Sprintf("%d:%s", t.Number, t.Kind))
	}
	return strings.Join(ks, " ")
}

// TestSamplesReadWhole: every published sample imports with all its
// tables, each of the right kind, the document's kind and level right, and
// in every table with a total row the 类 rows add up to it (within the
// printed rounding). The kinds were checked against each PDF's own list
// of tables.
func TestSamplesReadWhole(t *testing.T) {
	needPDF(t)
	tests := []struct {
		files, kind, level, kinds string
	}{
		{"beijing-2026-sifaju-department-budget-tables.pdf+beijing-2026-sifaju-department-budget-narrative.pdf", "budget", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:general_public_basic 7:gov_fund 8:state_capital 9:three_public 10:procurement 11:other 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 13:performance_department"},
		{"central-2024-guojia-xinfangju-department-final-accounts.pdf", "final", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:general_public_basic 7:gov_fund 8:state_capital 9:three_public 10:other 11:other 12:other 13:other"},
		{"central-2026-guojia-xinfangju-department-budget.pdf", "budget", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:general_public_basic 7:gov_fund 8:state_capital 9:three_public 10:performance_project 11:performance_project 12:performance_project"},
		{"changsha-2026-xinfangju-department-budget.pdf", "budget", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:general_public_basic 7:three_public 8:gov_fund 9:performance_project 9:performance_project 9:performance_project 9:performance_project 10:performance_department"},
		{"chongqing-2026-zhengfu-bangongting-department-budget.pdf", "budget", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:general_public_basic 7:gov_fund 8:three_public 9:procurement 10:performance_department 11:performance_project 12:performance_project"},
		{"fuzhou-2026-yibaoju-department-budget.pdf", "budget", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:gov_fund 7:state_capital 8:general_public_economic 9:general_public_basic 10:three_public 11:performance_project 12:performance_project 13:performance_project 14:performance_project 14:performance_project 14:performance_project 15:performance_project 16:performance_project 17:performance_project 17:performance_project 18:performance_project 18:performance_project 18:performance_project"},
		{"guangzhou-2026-zhengfu-bangongting-department-budget.pdf", "budget", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:general_public_basic 7:other 8:three_public 9:gov_fund 10:state_capital 11:other 12:other"},
		{"huzhou-2026-caizhengju-department-budget.pdf", "budget", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:general_public_basic 7:three_public 8:gov_fund 9:state_capital 10:other 11:performance_project"},
		{"shanghai-2026-jiaotong-zhiye-xueyuan-unit-budget.pdf", "budget", "unit",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:gov_fund 7:state_capital 8:general_public_basic 9:three_public"},
		{"shenzhen-2026-caizhengju-department-budget.pdf", "budget", "department",
			"1:summary 2:income 3:expenditure 4:other 5:other 6:fiscal_summary 7:general_public_functional 8:general_public_economic 9:three_public 10:gov_fund 11:state_capital"},
		{"wuxi-2026-jiaotongju-benji-unit-budget.pdf", "budget", "unit",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:other 6:other 7:general_public_functional 8:general_public_basic 9:three_public 10:gov_fund 11:state_capital 12:other 13:procurement"},
		{"xian-2026-zhengfu-bangongting-department-budget.pdf", "budget", "department",
			"1:other 1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:general_public_economic 7:other 8:general_public_basic 9:gov_fund 10:other 11:other 12:procurement 13:three_public 14:performance_project 14:performance_project 14:performance_project 14:performance_project 14:performance_project 14:performance_project 14:performance_project 14:performance_project 14:performance_project 15:performance_department 16:performance_project"},
		{"yantai-2026-zhengfu-bangongshi-department-budget.pdf", "budget", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:general_public_basic 7:three_public 8:gov_fund 9:state_capital 10:other 11:other 12:procurement 13:performance_project 13:performance_project 13:performance_project 13:performance_project 13:performance_project 13:performance_project 13:performance_project 13:performance_project 13:performance_project 13:performance_project"},
		{"shanghai-putuo-2024-wanli-jiedao.pdf", "budget", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:gov_fund 7:state_capital 8:general_public_basic 9:three_public"},
		{"shanghai-putuo-2025-zhengfu-bangongshi.pdf", "budget", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 6:gov_fund 7:state_capital 8:general_public_basic 9:three_public"},
		// The first 25 pages of the 2024 sample: the tables it holds.
		{"shanghai-putuo-2024-25-pages.pdf", "budget", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional"},
		{"zhengzhou-2021-gov-office.txt", "budget", "department",
			"1:summary 2:income 3:expenditure 4:fiscal_summary 5:general_public_functional 5:general_public_economic 6:general_public_basic 7:three_public 8:gov_fund 9:state_capital 10:procurement 11:performance_department 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project 12:performance_project"},
	}
	for _, tt := range tests {
		name := strings.TrimSuffix(strings.SplitN(tt.files, "-department", 2)[0], ".pdf")
		t.Run(name, func(t *testing.T) {
			res := importSamples(t, strings.Split(tt.files, "+")...)
			doc := res.Doc
			if got := kinds(doc); got != tt.kinds {
				t.Errorf("table kinds\n got %s\nwant %s", got, tt.kinds)
			}
			if doc.Kind != tt.kind || doc.Level != tt.level {
				t.Errorf("document kind %q level %q, want %q %q", doc.Kind, doc.Level, tt.kind, tt.level)
			}
			for _, b := range ties(doc) {
				t.Error(b)
			}
			for _, tb := range doc.Tables {
				if len(tb.Rows) == 0 && tb.Note == "" && tb.Kind != yusuan.KindGovFund && tb.Kind != yusuan.KindStateCapital {
					t.Errorf("表%d %s: no rows and no note", tb.Number, tb.Title)
				}
			}
		})
	}
}

// halfUnit is half of the last printed decimal of a table's amounts: 万元
// tables print 2 decimals (50 元), 元 tables 2 decimals (0.5 分, taken as 1).
func halfUnit(t yusuan.Table) yusuan.Amount {
	if t.Unit == "万元" {
		return 5000 // 0.005 万元 = 50 元 = 5000 分
	}
	return 1
}
