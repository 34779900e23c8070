package recognize_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/read"
	"github.com/yusuan/yusuan/recognize"
)

// The hand transcriptions of published samples (format in
// testdata/transcribed/README.md) are an independent witness of what each PDF prints. TestTranscribed imports each
// transcribed PDF as `yusuan import FILE --profile auto` does and compares
// the reader's cells with the transcription, blanks included.

const transcribedDir = "../testdata/transcribed"

// mustRead lists the families (file stems) the reader reads whole: any
// difference from the transcription fails the test. A family not listed
// reports its count of differing cells and skips, so the suite stays green
// while the reader catches up. The reader adds stems here as it makes them
// read whole.
var mustRead = map[string]bool{
	"central-2024-guojia-xinfangju-department-final-accounts": true,
	"central-2026-guojia-xinfangju-department-budget":         true,
	"changsha-2026-xinfangju-department-budget":               true,
	"chongqing-2026-zhengfu-bangongting-department-budget":    true,
	"fuzhou-2026-yibaoju-department-budget":                   true,
	"guangzhou-2026-zhengfu-bangongting-department-budget":    true,
	"huzhou-2026-caizhengju-department-budget":                true,
	"shanghai-2026-jiaotong-zhiye-xueyuan-unit-budget":        true,
	"shanghai-putuo-2024-wanli-jiedao":                        true,
	"shanghai-putuo-2025-zhengfu-bangongshi":                  true,
	"shenzhen-2026-caizhengju-department-budget":              true,
	"wuxi-2026-jiaotongju-benji-unit-budget":                  true,
	"xian-2026-zhengfu-bangongting-department-budget":         true,
	"yantai-2026-zhengfu-bangongshi-department-budget":        true,
}

// transcribedCell is one line of a transcription.
type transcribedCell struct {
	line    int
	page    int
	table   string // a substring of the printed title, normalised
	code    string
	name    string
	column  string // header path, levels joined with "/", normalised
	printed string // as printed; "" is a blank cell
	// ordinal counts the earlier lines of the same table, code, name and
	// column, repeats all of them: they tell apart rows printed twice
	// under one label.
	ordinal, repeats int
}

func (c transcribedCell) String() string {
	row := c.name
	if c.code != "" {
		row = c.code + " " + c.name
	}
	return fmt.Sprintf("第%d页 %s | %s | %s", c.page, c.table, row, c.column)
}

// readTranscription parses a .tsv transcription. A malformed line is a
// broken witness and fails the test outright.
func readTranscription(t *testing.T, path string) []transcribedCell {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cells []transcribedCell
	seen := map[[4]string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			t.Fatalf("%s:%d: want 6 tab-separated fields (page table code name column printed), got %d", path, n, len(f))
		}
		page, err := strconv.Atoi(strings.TrimSpace(f[0]))
		if err != nil || page < 1 {
			t.Fatalf("%s:%d: page %q is not a page number", path, n, f[0])
		}
		c := transcribedCell{
			line:    n,
			page:    page,
			table:   recognize.Norm(f[1]),
			code:    strings.Join(strings.Fields(f[2]), ""),
			name:    recognize.Norm(f[3]),
			column:  recognize.Norm(f[4]),
			printed: strings.TrimSpace(f[5]),
		}
		if c.table == "" || c.column == "" || (c.code == "" && c.name == "") {
			t.Fatalf("%s:%d: table, column and a code or name are required", path, n)
		}
		for _, r := range c.code {
			if r < '0' || r > '9' {
				t.Fatalf("%s:%d: code %q is not digits", path, n, f[2])
			}
		}
		k := [4]string{c.table, c.code, c.name, c.column}
		c.ordinal = seen[k]
		seen[k]++
		cells = append(cells, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for i := range cells {
		c := &cells[i]
		c.repeats = seen[[4]string{c.table, c.code, c.name, c.column}]
	}
	if len(cells) == 0 {
		t.Fatalf("%s: no cells", path)
	}
	return cells
}

// importAsCLI reads a file as `yusuan import FILE --profile auto` does
// (internal/cli importFiles): a regional profile that fits the document
// strictly, else the general reading profile; the catalog of the
// document's year, else the latest edition.
func importAsCLI(path string) (*yusuan.Document, error) {
	l, err := read.File(path)
	if err != nil {
		return nil, err
	}
	ps, err := profile.All()
	if err != nil {
		return nil, err
	}
	g, err := profile.General()
	if err != nil {
		return nil, err
	}
	res, err := recognize.Auto(l, ps, g, func(year int) *yusuan.Catalog {
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
	})
	if err != nil {
		return nil, err
	}
	return res.Doc, nil
}

// findTable picks, among the tables whose normalised title contains want,
// the one that starts last on or before page (two tables may share a
// title, e.g. project performance forms); failing that, the first one.
func findTable(doc *yusuan.Document, want string, page int) *yusuan.Table {
	var best, first *yusuan.Table
	bestPage := -1
	for i := range doc.Tables {
		tb := &doc.Tables[i]
		if !strings.Contains(recognize.Norm(tb.Title), want) {
			continue
		}
		if first == nil {
			first = tb
		}
		p := 0
		if tb.Source != nil {
			p = tb.Source.Page
		}
		if p <= page && p > bestPage {
			best, bestPage = tb, p
		}
	}
	if best != nil {
		return best
	}
	return first
}

// findColumn matches a header path, in this order: exactly "group/label"
// (or "label" for a column without group); the levels run together as a
// reader that did not split a header prints them ("预算数/基本支出/人员经费"
// for label 预算数基本支出人员经费); a longer printed path ending in
// "/group/label" (a header of three levels, "2026年预算数/基本支出/小计");
// the label alone; a path whose last level is the label and whose first
// level is contained in the group or contains it ("收入/预算数" for group
// 本年收入, label 预算数); a path ending in "/label"; the path or label equal
// to it with the years taken out. Several columns at the
// first tier that matches is no match, except that the side of a two-sided
// table (a path beginning 收入/ or 支出/) picks the column keyed income… or
// expenditure….
func findColumn(tb *yusuan.Table, want string) (*yusuan.Column, error) {
	tiers := make([][]*yusuan.Column, 7)
	levels := strings.Split(want, "/")
	last := levels[len(levels)-1]
	flat := strings.ReplaceAll(want, "/", "")
	for i := range tb.Columns {
		c := &tb.Columns[i]
		g, l := recognize.Norm(c.Group), recognize.Norm(c.Label)
		path := l
		if g != "" {
			path = g + "/" + l
		}
		switch {
		case path == want:
			tiers[0] = append(tiers[0], c)
		case len(levels) > 1 && g+l == flat:
			tiers[1] = append(tiers[1], c)
		case strings.HasSuffix(want, "/"+path):
			tiers[2] = append(tiers[2], c)
		case l == want:
			tiers[3] = append(tiers[3], c)
		case len(levels) > 1 && l == last && g != "" &&
			(strings.Contains(g, levels[0]) || strings.Contains(levels[0], g)):
			tiers[4] = append(tiers[4], c)
		case len(levels) > 1 && l == last:
			tiers[5] = append(tiers[5], c)
		case recognize.StripYear(want) == recognize.StripYear(path) || recognize.StripYear(want) == recognize.StripYear(l):
			// a regional profile labels its columns without the
			// budget year printed in the header (2024年机关运行经费预算数)
			tiers[6] = append(tiers[6], c)
		}
	}
	side := map[string]string{"收入": "income", "支出": "expenditure"}[levels[0]]
	for _, set := range tiers {
		if len(set) > 1 && side != "" {
			var keyed []*yusuan.Column
			for _, c := range set {
				if strings.HasPrefix(c.Key, side) {
					keyed = append(keyed, c)
				}
			}
			set = keyed
		}
		switch len(set) {
		case 0:
			continue
		case 1:
			return set[0], nil
		default:
			return nil, fmt.Errorf("列%q不唯一（%d 列）", want, len(set))
		}
	}
	var have []string
	for _, c := range tb.Columns {
		if c.Group != "" {
			have = append(have, c.Group+"/"+c.Label)
		} else {
			have = append(have, c.Label)
		}
	}
	return nil, fmt.Errorf("无列%q（表中列：%s）", want, strings.Join(have, "，"))
}

// findRow finds the row by code, or by name when the transcription has no
// code (names compared normalised, then without numbering). Several rows
// of one name (the two sides of a 收支总表) are told apart by which of
// them has a cell in col.
func findRow(tb *yusuan.Table, c transcribedCell, col *yusuan.Column) (*yusuan.Row, error) {
	var cands []*yusuan.Row
	if c.code != "" {
		for i := range tb.Rows {
			if tb.Rows[i].Code == c.code {
				cands = append(cands, &tb.Rows[i])
			}
		}
	} else {
		for _, key := range []func(string) string{recognize.Norm, func(s string) string { return recognize.StripNumbering(recognize.Norm(s)) }} {
			want := key(c.name)
			for i := range tb.Rows {
				if key(tb.Rows[i].Name) == want {
					cands = append(cands, &tb.Rows[i])
				}
			}
			if len(cands) > 0 {
				break
			}
		}
	}
	// A side's total (收入总计, 支出总计) printed on one line of a two-sided
	// table: a regional profile reads that line as the table's one total
	// row, named as the profile names it (合计), with both sides' cells.
	if len(cands) == 0 && c.code == "" && (strings.HasSuffix(c.name, "总计") || strings.HasSuffix(c.name, "合计")) &&
		(tb.Kind == yusuan.KindSummary || tb.Kind == yusuan.KindFiscalSummary) {
		for i := range tb.Rows {
			if tb.Rows[i].Level == yusuan.LevelTotal {
				cands = append(cands, &tb.Rows[i])
			}
		}
		if len(cands) > 1 {
			return nil, fmt.Errorf("无此行，总计行不唯一（%d 行）", len(cands))
		}
	}
	switch len(cands) {
	case 0:
		return nil, errors.New("无此行")
	case 1:
		return cands[0], nil
	}
	// A label printed several times in one table (表4's “（一）一般公共预算
	// 拨款” under both 本年收入 and 上年结转, a unit's rows repeated without
	// its name) is transcribed as often: the k-th line of this label and
	// column is the table's k-th row of the label.
	if c.repeats > 1 {
		if c.ordinal < len(cands) {
			return cands[c.ordinal], nil
		}
		return nil, fmt.Errorf("此行印了 %d 次，只读到 %d 行", c.repeats, len(cands))
	}
	// One line, several rows of its label: the two sides of a 收支总表
	// both have a 合计. The row with a cell in this column is the one.
	var with []*yusuan.Row
	for _, r := range cands {
		if _, ok := r.Cells[col.Key]; ok {
			with = append(with, r)
		}
	}
	if len(with) == 1 {
		return with[0], nil
	}
	// Several rows of the label (结转下年 under each of three expenditure
	// sub-sides), none with a cell in this column, where the cell is
	// printed blank: whichever row the line means, the reader has it blank.
	if len(with) == 0 && (c.printed == "" || recognize.IsBlankMark(c.printed)) {
		return cands[0], nil
	}
	var onPage []*yusuan.Row
	for _, r := range cands {
		if p, ok := r.Sources[col.Key]; ok && p.Page == c.page {
			onPage = append(onPage, r)
		}
	}
	if len(onPage) == 1 {
		return onPage[0], nil
	}
	return nil, fmt.Errorf("此行不唯一（%d 行）", len(cands))
}

// formField addresses a labelled field of a performance form (年度资金总额,
// 其中：财政拨款, 当年财政拨款预算金额): a form reads each field as a row
// keyed by the field, its value in the column value. The transcription
// names the field as printed, as the row (年度资金总额 under the side label
// 项目资金（万元）) or as the column (a list of projects with the header
// 当年财政拨款预算金额, the row being the project, which must be the form's).
func formField(tb *yusuan.Table, c transcribedCell) (*yusuan.Row, *yusuan.Column) {
	if tb.Kind != yusuan.KindPerformanceProject && tb.Kind != yusuan.KindPerformanceDepartment {
		return nil, nil
	}
	// A list of projects prints its 合计 and a unit's subtotal (126001
	// 长沙市信访局) as rows; the reader keeps them as rows list_total and
	// unit_total of the first project's form, their amount in value.
	if f := recognize.FormFieldOf(c.column); f == "project_total" || f == "budget_total" {
		for i := range tb.Rows {
			r := &tb.Rows[i]
			unit := r.Key == "unit_total" && (c.code != "" && r.Code == c.code || c.code == "" && recognize.Norm(r.Name) == c.name)
			if r.Key == "list_total" && c.code == "" && recognize.IsTotalLabel(c.name) || unit {
				for j := range tb.Columns {
					if tb.Columns[j].Key == "value" {
						return r, &tb.Columns[j]
					}
				}
			}
		}
	}
	// A department's overall form printed as a list of units (单位名称 |
	// 资金总额 | 一般公共预算 …): the unit's row is the form, each budget
	// column one of its rows.
	if tb.Kind == yusuan.KindPerformanceDepartment {
		levels := strings.Split(c.column, "/")
		if k := recognize.DeptBudgetFieldOf(levels[len(levels)-1]); k != "" {
			var unit, row *yusuan.Row
			for i := range tb.Rows {
				switch tb.Rows[i].Key {
				case "department":
					unit = &tb.Rows[i]
				case k:
					row = &tb.Rows[i]
				}
			}
			if unit != nil && row != nil && recognize.Norm(unit.Cells["value"].Text) == c.name {
				for j := range tb.Columns {
					if tb.Columns[j].Key == "value" {
						return row, &tb.Columns[j]
					}
				}
			}
		}
	}
	key := recognize.FormFieldOf(c.name)
	if key == "" {
		if key = recognize.FormFieldOf(c.column); key == "" || c.name != recognize.Norm(tb.Project) {
			return nil, nil
		}
	}
	var row *yusuan.Row
	for i := range tb.Rows {
		if tb.Rows[i].Key == key {
			if row != nil {
				return nil, nil
			}
			row = &tb.Rows[i]
		}
	}
	for i := range tb.Columns {
		if tb.Columns[i].Key == "value" && row != nil {
			return row, &tb.Columns[i]
		}
	}
	return nil, nil
}

// compareCell returns "" when the reader's cell is what was printed, else
// what it got.
func compareCell(tb *yusuan.Table, col *yusuan.Column, row *yusuan.Row, printed string) (diff string, err error) {
	v, ok := row.Cells[col.Key]
	got := "（空白）"
	if ok {
		switch {
		case v.IsText:
			got = strconv.Quote(v.Text)
		case col.Type == yusuan.ColNumber:
			got = v.Num.Format(0)
		default:
			got = v.Num.String() + " 元"
		}
	}
	if printed == "" || recognize.IsBlankMark(printed) {
		if ok {
			return got, nil
		}
		return "", nil
	}
	if !ok {
		return got, nil
	}
	// A form's value column holds text and amounts: an amount there is
	// compared as an amount.
	if v.IsText || col.Type == yusuan.ColText && !(col.Key == "value" && (tb.Kind == yusuan.KindPerformanceProject || tb.Kind == yusuan.KindPerformanceDepartment)) {
		if recognize.Norm(v.Text) == recognize.Norm(printed) && v.IsText {
			return "", nil
		}
		return got, nil
	}
	var want yusuan.Amount
	if pct, isPct := strings.CutSuffix(printed, "%"); isPct || col.Type == yusuan.ColNumber {
		// A count or a percentage is a plain number, held ×100 like a
		// count (CountValue): "-60.86%" is -6086, "3" is 300.
		a, err := plainNumber(pct)
		if err != nil {
			return "", err
		}
		want = a
	} else {
		unit := tb.Unit
		if unit == "" {
			unit = "元"
		}
		a, _, err := recognize.ParseAmount(printed, unit)
		if err != nil {
			return "", err
		}
		want = a
	}
	if v.Num != want {
		return got, nil
	}
	return "", nil
}

// plainNumber reads a count or percentage as printed ("1,009.71", "-5",
// "99.5") into hundredths.
func plainNumber(s string) (yusuan.Amount, error) {
	a, _, err := recognize.ParseAmount(s, "元")
	if err != nil {
		return 0, fmt.Errorf("%q 不是数值: %w", s, err)
	}
	return a, nil
}

func TestTranscribed(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(transcribedDir, "*.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no transcriptions in " + transcribedDir)
	}
	needPDF(t)
	for _, file := range files {
		stem := strings.TrimSuffix(filepath.Base(file), ".tsv")
		t.Run(stem, func(t *testing.T) {
			cells := readTranscription(t, file)
			pdf := filepath.Join(disclosures, stem+".pdf")
			if _, err := os.Stat(pdf); err != nil {
				t.Fatalf("transcription %s has no PDF: %v", file, err)
			}
			var diffs []string
			doc, err := importAsCLI(pdf)
			if err != nil {
				diffs = append(diffs, fmt.Sprintf("导入失败：%v（%d 个单元格均未读到）", err, len(cells)))
			}
			differ := 0
			if doc == nil {
				differ = len(cells)
			}
			for _, c := range cells {
				if doc == nil {
					break
				}
				want := c.printed
				if want == "" {
					want = "（空白）"
				}
				tb := findTable(doc, c.table, c.page)
				if tb == nil {
					differ++
					diffs = append(diffs, fmt.Sprintf("%s: 未读到此表; 应为 %s", c, want))
					continue
				}
				if row, col := formField(tb, c); row != nil {
					got, err := compareCell(tb, col, row, c.printed)
					if err != nil || got != "" {
						differ++
						if err != nil {
							diffs = append(diffs, fmt.Sprintf("%s: %v", c, err))
						} else {
							diffs = append(diffs, fmt.Sprintf("%s: 应为 %s，读到 %s", c, want, got))
						}
					}
					continue
				}
				col, err := findColumn(tb, c.column)
				if err != nil {
					differ++
					diffs = append(diffs, fmt.Sprintf("%s: %v; 应为 %s", c, err, want))
					continue
				}
				row, err := findRow(tb, c, col)
				if err != nil {
					differ++
					diffs = append(diffs, fmt.Sprintf("%s: %v; 应为 %s", c, err, want))
					continue
				}
				got, err := compareCell(tb, col, row, c.printed)
				if err != nil {
					differ++
					diffs = append(diffs, fmt.Sprintf("%s: 印刷值 %q 不能按本表单位%s读（列类型 %s）：%v", c, c.printed, tb.Unit, col.Type, err))
					continue
				}
				if got != "" {
					differ++
					diffs = append(diffs, fmt.Sprintf("%s: 应为 %s，读到 %s", c, want, got))
				}
			}
			if mustRead[stem] {
				for _, d := range diffs {
					t.Error(d)
				}
				return
			}
			for i, d := range diffs {
				if i == 20 {
					t.Logf("… %d more", len(diffs)-20)
					break
				}
				t.Log(d)
			}
			t.Logf("%s: %d of %d transcribed cells match", stem, len(cells)-differ, len(cells))
			if differ > 0 {
				t.Skipf("%s not read whole yet: %d of %d cells differ", stem, differ, len(cells))
			}
		})
	}
}
