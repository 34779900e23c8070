package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/demo"
	"github.com/yusuan/yusuan/internal/budgetgen"
	"github.com/yusuan/yusuan/profile"
)

func options(t testing.TB, year int, final bool) Options {
	cat, err := catalog.Load(year)
	if err != nil {
		t.Fatal(err)
	}
	return Options{Catalog: cat, Profiles: profile.IDs(), Final: final}
}

func mustJSON(t testing.TB, v any) string {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// roundTrip writes a budget into a workbook, reads it back and requires
// the same budget.
func roundTrip(t testing.TB, b *yusuan.Budget) *yusuan.Budget {
	t.Helper()
	data, err := Write(b, options(t, b.Year, false))
	if err != nil {
		t.Fatal(err)
	}
	if !IsTemplate(data) {
		t.Fatal("the workbook written is not recognised as a template")
	}
	got, err := Read("t.xlsx", data, catalog.Load)
	if err != nil {
		t.Fatalf("reading the workbook back: %v", err)
	}
	if w, g := mustJSON(t, b), mustJSON(t, got); w != g {
		t.Fatalf("the budget read back differs:\n%s", firstDiff(w, g))
	}
	return got
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + al[i] + "\n  became " + bl[i]
		}
	}
	return "lengths differ"
}

func documentJSON(t testing.TB, b *yusuan.Budget, profileID string) string {
	t.Helper()
	p, err := profile.Load(profileID)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(b.Year)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := compile.Compile(b, p, cat)
	if err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, doc)
}

// The bundled examples — a budget and final accounts — come back as the
// same budget and compile into the same Document JSON.
func TestRoundTripExamples(t *testing.T) {
	files, _ := filepath.Glob("../examples/*/budget.yaml")
	if len(files) < 2 {
		t.Fatalf("only %d examples", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f)), func(t *testing.T) {
			b, err := budgetfile.Load(f, catalog.Load)
			if err != nil {
				t.Fatal(err)
			}
			got := roundTrip(t, b)
			if w, g := documentJSON(t, b, b.Profile), documentJSON(t, got, got.Profile); w != g {
				t.Fatalf("Document JSON differs:\n%s", firstDiff(w, g))
			}
		})
	}
}

// Budgets of the demo region, every year of the embedded catalogs, make
// the round trip too.
func TestRoundTripDemo(t *testing.T) {
	n := 4
	if testing.Short() {
		n = 1
	}
	ds, err := demo.Generate(catalog.Load, demo.Options{Departments: n, FirstYear: 2021, LastYear: 2026, Seed: 7, Profile: "zhengzhou-2021"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		for _, b := range d.Budgets {
			got := roundTrip(t, b)
			if w, g := documentJSON(t, b, "zhengzhou-2021"), documentJSON(t, got, "zhengzhou-2021"); w != g {
				t.Fatalf("%s %d: Document JSON differs:\n%s", d.Name, b.Year, firstDiff(w, g))
			}
		}
	}
}

// Random valid budgets (the property tests' generator) make the round trip.
func TestRoundTripGenerated(t *testing.T) {
	cat, _ := catalog.Load(2021)
	r := rand.New(rand.NewSource(3))
	for i := 0; i < 30; i++ {
		roundTrip(t, budgetgen.Generate(r, cat))
	}
}

// Text is kept exactly: leading and trailing spaces, line breaks, text
// that looks like a formula or a number, long text.
func TestRoundTripText(t *testing.T) {
	b := minimal(t)
	b.Duties = []string{"=1+1", "+86 371 1234", "-负号开头", "@SUM(A1)", " 前后空格 ", "多行\n第二行\n", "0012", strings.Repeat("长", 20000), "制表\t符"}
	b.Scope = "=HYPERLINK(\"http://example.com\",\"点击\")"
	b.Projects[0].Phone = "0371-67176301"
	b.Projects[0].Start = "2021年初" // not a date: kept as written
	b.Projects[0].End = "2021-12-31"
	data, err := Write(b, options(t, 2021, false))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	// A value beginning with = is stored as a string, not as a formula.
	for _, cell := range []string{"A2", "A5"} {
		if fm, _ := f.GetCellFormula(sheetDuties, cell); fm != "" {
			t.Errorf("%s!%s was written as a formula %q", sheetDuties, cell, fm)
		}
		if ty, _ := f.GetCellType(sheetDuties, cell); ty != excelize.CellTypeSharedString {
			t.Errorf("%s!%s has type %v, want a string", sheetDuties, cell, ty)
		}
	}
	f.Close()
	got, err := Read("t.xlsx", data, catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	if w, g := mustJSON(t, b), mustJSON(t, got); w != g {
		t.Fatalf("differs:\n%s", firstDiff(w, g))
	}
}

func minimal(t testing.TB) *yusuan.Budget {
	b, err := budgetfile.Load("../testdata/budgets/minimal.yaml", catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// edit changes cells of a written workbook and reads it back.
func edit(t *testing.T, b *yusuan.Budget, change func(f *excelize.File)) error {
	t.Helper()
	data, err := Write(b, options(t, b.Year, false))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	change(f)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read("填报.xlsx", buf.Bytes(), catalog.Load)
	if err == nil && got == nil {
		t.Fatal("no budget and no error")
	}
	if err != nil && got != nil {
		t.Fatal("a budget and an error")
	}
	return err
}

// cellOf finds the cell of a column in a row of a list sheet.
func cellOf(t *testing.T, s *sheet, key string, row int) string {
	i, c := s.col(key)
	if c == nil {
		t.Fatalf("no column %s in %s", key, s.name)
	}
	n := 0
	for _, x := range s.cols[:i] {
		if !x.final {
			n++
		}
	}
	return cellName(n, row)
}

// A bad workbook gets a message naming sheet!cell and what belongs there,
// and no budget.
func TestBadWorkbooks(t *testing.T) {
	b := minimal(t)
	amount := cellOf(t, expenditureSheet, "amount", 2)
	function := cellOf(t, expenditureSheet, "function", 2)
	cases := []struct {
		name   string
		change func(f *excelize.File)
		want   []string
	}{
		{"text amount", func(f *excelize.File) { f.SetCellStr(sheetExpenditure, amount, "八十万") },
			[]string{"支出!" + amount + "（金额（元））", "应为以元为单位的金额", "八十万"}},
		{"three decimals", func(f *excelize.File) { f.SetCellFloat(sheetExpenditure, amount, 800000.125, -1, 64) },
			[]string{"支出!" + amount, "最多两位小数"}},
		{"formula amount", func(f *excelize.File) {
			f.SetCellInt(sheetExpenditure, amount, 3)
			f.SetCellFormula(sheetExpenditure, amount, "SUM(1,2)")
		},
			[]string{"支出!" + amount, "不能使用公式"}},
		{"negative amount", func(f *excelize.File) { f.SetCellInt(sheetExpenditure, amount, -5) },
			[]string{"支出!" + amount + "（金额（元））", "不能为负数"}},
		{"empty amount", func(f *excelize.File) { f.SetCellStr(sheetExpenditure, amount, "") },
			[]string{"支出!" + amount, "缺少金额；为零请填 0"}},
		{"unknown function code", func(f *excelize.File) { f.SetCellStr(sheetExpenditure, function, "2999999 无此科目") },
			[]string{"支出!" + function + "（功能科目）", "2999999 不在 2021 年科目表中"}},
		{"no code", func(f *excelize.File) { f.SetCellStr(sheetExpenditure, function, "行政运行") },
			[]string{"支出!" + function, "应以 7 位科目编码开头"}},
		{"unknown source", func(f *excelize.File) {
			f.SetCellStr(sheetExpenditure, cellOf(t, expenditureSheet, "source", 2), "外资")
		}, []string{"支出!" + cellOf(t, expenditureSheet, "source", 2) + "（资金来源）", "应从下拉列表中选择", "一般公共预算财政拨款"}},
		{"unknown unit", func(f *excelize.File) { f.SetCellStr(sheetIncome, "A2", "999") },
			[]string{"收入!A2（单位）", "未知的预算单位", "“单位”工作表"}},
		{"unbalanced", func(f *excelize.File) { f.SetCellInt(sheetIncome, cellOf(t, incomeSheet, "amount", 2), 1) },
			[]string{"收入: 单位 901001", "预算收入应等于支出"}},
		{"fractional count", func(f *excelize.File) { f.SetCellFloat(sheetInfo, "B9", 10.5, -1, 64) },
			[]string{"基本信息!B9（编制总数）", "应为整数", "10.5"}},
		{"staffing sum", func(f *excelize.File) { f.SetCellInt(sheetInfo, "B9", 11) },
			[]string{"基本信息!B9（编制总数）", "编制总数 11"}},
		{"bad date", func(f *excelize.File) { f.SetCellStr(sheetInfo, "B22", "2020-13-45") },
			[]string{"基本信息!B22（资产统计截止日期）", "应为实际存在的日期"}},
		{"renamed header", func(f *excelize.File) { f.SetCellStr(sheetExpenditure, amount[:1]+"1", "金额") },
			[]string{"支出!" + amount[:1] + "1", "不认识的列标题", "缺少列“金额（元）”"}},
		{"missing sheet", func(f *excelize.File) { f.DeleteSheet(sheetIncome) },
			[]string{"收入: 缺少工作表“收入”"}},
		{"unknown label", func(f *excelize.File) { f.SetCellStr(sheetInfo, "A9", "编制数") },
			[]string{"基本信息!A9", "不认识的项目"}},
		{"indicator of no project", func(f *excelize.File) { f.SetCellStr(sheetProjectInd, "A2", "nope") },
			[]string{"项目绩效指标!A2（项目）", "未知的项目编号"}},
		{"unknown measure", func(f *excelize.File) { f.SetCellStr(sheetLastYear, "A2", "totl") },
			[]string{"上年数与变动原因!C2（上年数（元））", "未知的指标名"}},
		{"procurement quantity", func(f *excelize.File) {
			f.SetSheetRow(sheetProcurement, "A2", &[]any{"901001", "2010301", "30201", "基本支出", "", "办公", "纸张", "A4", "箱", 0, 100, 100, "货物", ""})
		}, []string{"政府采购!J2（数量）", "采购数量应为正整数"}},
		{"text without a header", func(f *excelize.File) { f.SetCellStr(sheetExpenditure, "J3", "补充说明") },
			[]string{"支出!J3", "这一列没有标题"}},
		{"newer version", func(f *excelize.File) { f.SetCellInt(MarkerSheet, "B1", Version+1) },
			[]string{"填报模板的版本"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := edit(t, b, c.change)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the message does not say %q:\n%v", w, err)
				}
			}
			if !strings.HasPrefix(err.Error(), "填报.xlsx: ") {
				t.Errorf("the message does not start with the file's name:\n%v", err)
			}
		})
	}
}

// A formula in a text cell is read as its text, never evaluated.
func TestFormulaInTextIsText(t *testing.T) {
	b := minimal(t)
	data, _ := Write(b, options(t, 2021, false))
	f, _ := excelize.OpenReader(bytes.NewReader(data))
	f.SetCellStr(sheetInfo, "B8", "y") // the cached value Excel would store
	f.SetCellFormula(sheetInfo, "B8", `HYPERLINK("http://x","y")`)
	buf, _ := f.WriteToBuffer()
	got, err := Read("t.xlsx", buf.Bytes(), catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	if got.Scope != `=HYPERLINK("http://x","y")` {
		t.Errorf("scope read as %q", got.Scope)
	}
}

// Excel writes a number as the shortest text of its binary double, or
// with 17 digits: either is the amount whose double it is.
func TestAmountsAsExcelStoresThem(t *testing.T) {
	for raw, want := range map[string]yusuan.Amount{
		"12029501.84":          1202950184,
		"12029501.840000001":   1202950184,
		"0.1":                  10,
		"0.30000000000000004":  30,
		"1.2029501840000001E7": 1202950184,
		"96,619,907":           9661990700,
		"１２３.４５":               12345,
		"4999999999999.99":     499999999999999,
		" 7 ":                  700,
	} {
		got, msg := parseAmount(raw)
		if msg != "" || got != want {
			t.Errorf("parseAmount(%q) = %v, %q; want %v", raw, got, msg, want)
		}
	}
	for _, raw := range []string{"12029501.845", "1e300", "NaN", "Inf", "0x10", "5000000000001", "1,2345", "abc", "1.2.3"} {
		if _, msg := parseAmount(raw); msg == "" {
			t.Errorf("parseAmount(%q) accepted", raw)
		}
	}
}

// An XLSX workbook that is not a template is told apart; broken bytes
// are an error, not a panic.
func TestNotTemplate(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellStr("Sheet1", "A1", "收支总表")
	buf, _ := f.WriteToBuffer()
	if IsTemplate(buf.Bytes()) {
		t.Error("an ordinary workbook taken for a template")
	}
	if _, err := Read("x.xlsx", buf.Bytes(), catalog.Load); !errors.Is(err, ErrNotTemplate) {
		t.Errorf("err = %v, want ErrNotTemplate", err)
	}
	for _, bad := range [][]byte{nil, []byte("PK\x03\x04garbage"), []byte("not a zip")} {
		if _, err := Read("x.xlsx", bad, catalog.Load); err == nil {
			t.Errorf("%q read without an error", bad)
		}
	}
}

// The empty template of every profile has its sheets, drop-down lists from
// the catalog, input checks, protected header rows and hidden sheets; read
// back, it is a budget with its facts missing, reported by cell.
func TestTemplateOfEveryProfile(t *testing.T) {
	for _, id := range profile.IDs() {
		t.Run(id, func(t *testing.T) {
			p, err := profile.Load(id)
			if err != nil {
				t.Fatal(err)
			}
			year := p.Years[len(p.Years)-1]
			final := p.Kind == yusuan.DocFinal
			data, err := Template(p.ID, p.Kind, p.Level, year, options(t, year, final))
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			names := f.GetSheetList()
			if names[0] != sheetHelp {
				t.Errorf("first sheet %q, want the instructions", names[0])
			}
			for _, s := range sheets {
				idx, _ := f.GetSheetIndex(s.name)
				if (idx >= 0) != (!s.final || final) {
					t.Errorf("sheet %s present: %v (final %v)", s.name, idx >= 0, final)
				}
			}
			for _, hidden := range []string{MarkerSheet, listsSheet} {
				if v, _ := f.GetSheetVisible(hidden); v {
					t.Errorf("sheet %s is visible", hidden)
				}
			}
			dvs, err := f.GetDataValidations(sheetExpenditure)
			if err != nil {
				t.Fatal(err)
			}
			var lists, decimals int
			for _, dv := range dvs {
				switch dv.Type {
				case "list":
					lists++
					if strings.Contains(dv.Formula1, listsSheet) {
						// the list range must hold catalog codes
						ref := strings.TrimPrefix(dv.Formula1, "'"+listsSheet+"'!")
						first := strings.Split(strings.ReplaceAll(ref, "$", ""), ":")[0]
						v, _ := f.GetCellValue(listsSheet, first)
						if v == "" {
							t.Errorf("list %s starts empty", dv.Formula1)
						}
					}
				case "decimal":
					decimals++
				}
			}
			if lists < 6 || decimals < 1 {
				t.Errorf("expenditure has %d list and %d decimal checks", lists, decimals)
			}
			v, _ := f.GetCellValue(listsSheet, "A2")
			if !strings.HasPrefix(v, "2010") {
				t.Errorf("the first functional code is %q", v)
			}
			// Headers locked, input cells not.
			for _, s := range []string{sheetExpenditure, sheetInfo} {
				st, _ := f.GetCellStyle(s, "A1")
				style, _ := f.GetStyle(st)
				if style.Protection == nil || !style.Protection.Locked {
					t.Errorf("%s!A1 is not locked", s)
				}
			}
			st, _ := f.GetCellStyle(sheetExpenditure, "H50")
			if style, _ := f.GetStyle(st); style.Protection == nil || style.Protection.Locked {
				t.Errorf("%s!H50 is locked", sheetExpenditure)
			}
			_, err = Read("empty.xlsx", data, catalog.Load)
			if err == nil || !strings.Contains(err.Error(), "基本信息!B6（部门编码）") {
				t.Errorf("the empty template reads as %v", err)
			}
		})
	}
}

// Text Excel cannot hold is refused on writing, with its path, rather
// than cut or written into a broken file.
func TestWriteRefusesWhatExcelCannotHold(t *testing.T) {
	for _, c := range []struct {
		duty, want string
	}{
		{"控制\x01字符", "控制字符 U+0001"},
		{strings.Repeat("长", 32768), "32767"},
	} {
		b := minimal(t)
		b.Duties = append(b.Duties, c.duty)
		_, err := Write(b, options(t, 2021, false))
		if err == nil || !strings.Contains(err.Error(), "duties[1]") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err = %v, want duties[1] and %q", err, c.want)
		}
	}
}

// BenchmarkWriteExample writes the bundled example's workbook;
// BenchmarkReadExample reads it back and validates it, against the
// baseline of reading and validating the same budget from its YAML file
// (BenchmarkParseExampleYAML).
func BenchmarkWriteExample(b *testing.B) {
	bu, err := budgetfile.Load("../examples/zhengzhou-2021-gov-office/budget.yaml", catalog.Load)
	if err != nil {
		b.Fatal(err)
	}
	o := options(b, bu.Year, false)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Write(bu, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadExample(b *testing.B) {
	bu, err := budgetfile.Load("../examples/zhengzhou-2021-gov-office/budget.yaml", catalog.Load)
	if err != nil {
		b.Fatal(err)
	}
	data, err := Write(bu, options(b, bu.Year, false))
	if err != nil {
		b.Fatal(err)
	}
	cat, _ := catalog.Load(bu.Year)
	cats := func(int) (*yusuan.Catalog, error) { return cat, nil }
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Read("x.xlsx", data, cats); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseExampleYAML(b *testing.B) {
	data, err := os.ReadFile("../examples/zhengzhou-2021-gov-office/budget.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cat, _ := catalog.Load(2021)
	cats := func(int) (*yusuan.Catalog, error) { return cat, nil }
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := budgetfile.Parse("budget.yaml", data, cats); err != nil {
			b.Fatal(err)
		}
	}
}

// A zip bomb is refused from its directory, before anything is unpacked.
func TestZipBombRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte(`<workbook><sheets><sheet name="_yusuan" sheetId="1"/></sheets></workbook>`))
	w, _ = zw.Create("xl/worksheets/sheet1.xml")
	w.Write(make([]byte, 16<<20))
	zw.Close()
	if buf.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes", buf.Len())
	}
	_, err := Read("bomb.xlsx", buf.Bytes(), catalog.Load)
	if err == nil || !strings.Contains(err.Error(), "压缩炸弹") || !strings.HasPrefix(err.Error(), "bomb.xlsx: ") {
		t.Fatalf("err = %v", err)
	}
}

// A formula tag is found wherever it stands in a sheet's XML, also across
// the pieces it is read in; a workbook written by Write has none.
func TestScanForFormulas(t *testing.T) {
	for _, at := range []int{0, 65535 - 3, 65535 - 1, 65536, 200000} {
		for _, tag := range []string{`<f>`, `<f t="shared" ref="A1:A2" si="0"/>`, `<x:f>`} {
			s := strings.Repeat(`<c r="A1"><v>1</v></c>`, 20000)[:at] + tag + strings.Repeat("<v>2</v>", 100)
			if ok, _ := scanFor(strings.NewReader(s), formulaTag); !ok {
				t.Errorf("%s at %d not found", tag, at)
			}
		}
	}
	for _, s := range []string{`<c r="F1"><v>1</v></c><font/><fill/>`, `<sheetFormatPr/>`} {
		if ok, _ := scanFor(strings.NewReader(s), formulaTag); ok {
			t.Errorf("a formula found in %s", s)
		}
	}
	data, _ := Write(minimal(t), options(t, 2021, false))
	if hasFormulas(data) {
		t.Error("a workbook without formulas said to have them")
	}
}
