package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/internal/limits"
	"github.com/yusuan/yusuan/internal/yamlfile"
)

// Error is a problem at a cell of a workbook.
type Error struct {
	File  string
	Sheet string // "" when the problem is the workbook's
	Cell  string // "" when the problem is a whole sheet's
	Field string // what belongs there (the column header or row label)
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	b.WriteString(": ")
	if e.Sheet != "" {
		b.WriteString(e.Sheet)
		if e.Cell != "" {
			b.WriteString("!" + e.Cell)
		}
		if e.Field != "" {
			b.WriteString("（" + e.Field + "）")
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in one workbook.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// maxErrors caps the list, as for budget files.
const maxErrors = 50

// ErrNotTemplate is returned for an XLSX workbook that is not a yusuan
// fill-in workbook.
var ErrNotTemplate = errors.New("不是 yusuan 填报模板（没有 yusuan 的标记工作表）")

// Limits against hostile workbooks, as for published workbooks: a zip
// bomb expands a few kilobytes into gigabytes.
const (
	maxUnzipped = 256 << 20
	maxXML      = 64 << 20
	maxRatio    = 200
	maxEntries  = 10_000
	maxCols     = 200
)

func checkZip(b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return errors.New("XLSX 文件损坏：不是有效的 zip 文件（可能下载不完整，或并非 Excel 工作簿）")
	}
	if len(zr.File) > maxEntries {
		return errors.New("工作簿的条目过多，拒绝读取")
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxUnzipped || (f.UncompressedSize64 > 1<<20 && f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > maxRatio) {
			return errors.New("工作簿过大或压缩比异常（可能是压缩炸弹），拒绝读取")
		}
	}
	return nil
}

func open(b []byte) (*excelize.File, error) {
	if err := checkZip(b); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxXML})
	if err != nil {
		return nil, fmt.Errorf("XLSX 文件无法打开：%v", err)
	}
	return f, nil
}

// formulaTag is the start of a formula element (<f>, <f t="shared" …>,
// or with a namespace prefix, <x:f>) in a worksheet's XML.
var formulaTag = lazyre.New(`<([A-Za-z_][A-Za-z0-9_.-]*:)?f[\s>/]`)

// hasFormulas reports whether any worksheet of the workbook holds a
// formula, scanning each one's XML in pieces; when in doubt (an entry it
// cannot read) it says yes, and every cell is asked.
func hasFormulas(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return true
	}
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") || !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return true
		}
		found, err := scanFor(io.LimitReader(rc, maxXML+1), formulaTag)
		rc.Close()
		if found || err != nil {
			return true
		}
	}
	return false
}

// scanFor reports whether re matches the stream, reading it in pieces
// that overlap by more than any match of a formula tag.
func scanFor(r io.Reader, re *lazyre.Regexp) (bool, error) {
	const overlap = 256
	buf := make([]byte, 64<<10)
	keep := 0
	for {
		n, err := r.Read(buf[keep:])
		if re.Match(buf[:keep+n]) {
			return true, nil
		}
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		end := keep + n
		if end > overlap {
			copy(buf, buf[end-overlap:end])
			keep = overlap
		} else {
			keep = end
		}
	}
}

// IsTemplate reports whether data looks like a yusuan fill-in workbook:
// an XLSX workbook with the marker sheet. It reads only the workbook's
// list of sheets; Read checks the marker itself.
func IsTemplate(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name != "xl/workbook.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		b, _ := io.ReadAll(io.LimitReader(rc, 4<<20))
		return bytes.Contains(b, []byte(`name="`+MarkerSheet+`"`))
	}
	return false
}

func isTemplate(f *excelize.File) bool {
	v, err := f.GetCellValue(MarkerSheet, "A1", excelize.Options{RawCellValue: true})
	return err == nil && v == Marker
}

// Read reads a filled workbook into a budget and validates it as a budget
// file is validated (budgetfile), every problem named by its sheet!cell.
func Read(name string, data []byte, catalogs budgetfile.CatalogFor) (*yusuan.Budget, error) {
	fl, err := Open(name, data, catalogs)
	if err != nil {
		return nil, err
	}
	return fl.Budget, nil
}

// Filled is a budget read from a workbook, with where its facts stand.
type Filled struct {
	Budget *yusuan.Budget
	r      *reader
}

// missingFact is how compiling names a fact the narrative needs and the
// budget lacks: 缺少 last_year.total, reasons.…, empty_tables.…,
// final.reasons.….
var missingFact = lazyre.New(`缺少 (last_year|reasons|empty_tables|final\.reasons)\.([^\s：:，,（(]+)`)

// Explain adds to an error of compiling the budget the cell where each
// missing fact belongs in the workbook: the row the template lists it
// on, or the sheet to add it to.
func (fl *Filled) Explain(err error) error {
	if err == nil || fl == nil {
		return err
	}
	msg := missingFact.ReplaceAllStringFunc(err.Error(), func(m string) string {
		p := missingFact.FindStringSubmatch(m)
		list, key := p[1], p[2]
		s, col, what := lastYearSheet, "last_year", "上年数"
		switch list {
		case "reasons":
			col, what = "reason", "变动原因"
		case "empty_tables":
			s, col, what = emptySheet, "text", "说明"
		case "final.reasons":
			s, col, what = finalReasonSheet, "reason", "原因"
		}
		if row, ok := fl.r.keyRows[s][key]; ok {
			if ci, ok := fl.r.headers[s][col]; ok {
				return fmt.Sprintf("%s（请填写 %s!%s：%s 的%s）", m, s.name, cellName(ci, row), key, what)
			}
		}
		return fmt.Sprintf("%s（请在“%s”工作表中加一行 %s，填写其%s）", m, s.name, key, what)
	})
	return errors.New(msg)
}

// Open is Read keeping where the facts stand, for Explain.
func Open(name string, data []byte, catalogs budgetfile.CatalogFor) (fl *Filled, err error) {
	defer func() {
		// excelize is large and fed hostile input here: a panic is an
		// unreadable file, not a crash.
		if r := recover(); r != nil {
			fl, err = nil, Errors{{File: name, Msg: fmt.Sprintf("XLSX 文件无法解析：%v", r)}}
		}
	}()
	f, err := open(data)
	if err != nil {
		return nil, Errors{{File: name, Msg: err.Error()}}
	}
	defer f.Close()
	if !isTemplate(f) {
		return nil, fmt.Errorf("%s: %w", name, ErrNotTemplate)
	}
	r := &reader{f: f, name: name, formulas: hasFormulas(data), items: map[string]itemLoc{}, fields: map[string]cellLoc{}, headers: map[*sheet]map[string]int{},
		keyRows: map[*sheet]map[string]int{}}
	if v, _ := f.GetCellValue(MarkerSheet, "B1", excelize.Options{RawCellValue: true}); v != "" {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || n > Version {
			return nil, Errors{{File: name, Msg: fmt.Sprintf("填报模板的版本 %q 比本程序支持的版本 %d 新，请升级 yusuan", v, Version)}}
		}
	}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		r.date1904 = *p.Date1904
	}
	b := r.budget()
	if len(r.errs) > 0 {
		return nil, r.errs
	}
	if err := budgetfile.Validate(name, b, catalogs); err != nil {
		var es budgetfile.Errors
		if !errors.As(err, &es) {
			return nil, err
		}
		for _, e := range es {
			r.errs = append(r.errs, r.locate(e))
		}
		return nil, r.errs
	}
	return &Filled{Budget: b, r: r}, nil
}

// cellLoc is a cell that holds one value.
type cellLoc struct {
	sheet, cell, field string
}

// itemLoc is the row that holds one item of a list.
type itemLoc struct {
	s   *sheet
	row int
}

type reader struct {
	f        *excelize.File
	name     string
	date1904 bool
	final    bool
	formulas bool // whether any sheet holds a formula; asking per cell is slow
	errs     Errors
	rows     int // rows read, against limits.Rows
	items    map[string]itemLoc
	fields   map[string]cellLoc
	headers  map[*sheet]map[string]int // column index of each key, by sheet
	infoVals map[string]any
	keyRows  map[*sheet]map[string]int // the row of each key listed on a keyed sheet
}

func (r *reader) errAt(sheet, cell, field, format string, args ...any) {
	if len(r.errs) == maxErrors {
		r.errs = append(r.errs, &Error{File: r.name, Msg: "错误过多，请先修改以上各处"})
	}
	if len(r.errs) > maxErrors {
		return
	}
	r.errs = append(r.errs, &Error{File: r.name, Sheet: sheet, Cell: cell, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// grid reads a sheet's rows as stored (raw values); nil when the sheet is
// missing.
func (r *reader) grid(name string) ([][]string, bool) {
	if idx, _ := r.f.GetSheetIndex(name); idx < 0 {
		return nil, false
	}
	rows, err := r.f.Rows(name)
	if err != nil {
		r.errAt(name, "", "", "工作表无法读取：%v", err)
		return nil, true
	}
	defer rows.Close()
	max := limits.Current().Rows
	var out [][]string
	for rows.Next() {
		r.rows++
		if r.rows > max {
			r.errs = append(r.errs, &Error{File: r.name, Sheet: name, Msg: limits.Count("", "工作簿的行数", 0, max, "--max-rows").Error()})
			return nil, true
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			r.errAt(name, fmt.Sprintf("A%d", len(out)+1), "", "这一行无法读取：%v", err)
			return nil, true
		}
		if len(cols) > maxCols {
			cols = cols[:maxCols]
		}
		out = append(out, cols)
	}
	// Trailing empty rows carry nothing.
	for len(out) > 0 && blank(out[len(out)-1]) {
		out = out[:len(out)-1]
	}
	return out, true
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col+1, row)
	return n
}

// formula returns the formula of a cell, if it holds one.
func (r *reader) formula(sheet, cell string) (string, bool) {
	if !r.formulas {
		return "", false
	}
	fm, err := r.f.GetCellFormula(sheet, cell)
	if err != nil || fm == "" {
		return "", false
	}
	return fm, true
}

// cell reads one value of a kind; ok is false when it is empty or was
// reported as wrong.
func (r *reader) cell(sheet string, col, row int, c *column, raw string) (v any, ok bool) {
	at := cellName(col, row)
	if strings.TrimSpace(raw) == "" {
		return nil, false
	}
	if fm, isFormula := r.formula(sheet, at); isFormula {
		if c.kind == kText {
			// A formula in a text cell is read as the text it is, never
			// evaluated.
			return "=" + strings.TrimPrefix(fm, "="), true
		}
		r.errAt(sheet, at, c.header, "这里应直接填写%s，不能使用公式（=%s）", want(c), strings.TrimPrefix(fm, "="))
		return nil, false
	}
	switch c.kind {
	case kText:
		return raw, true
	case kID, kKey:
		return strings.TrimSpace(raw), true
	case kCode:
		code, rest := leadingDigits(raw)
		if code == "" {
			r.errAt(sheet, at, c.header, "应以 %d 位科目编码开头（如“%s”，可从下拉列表选择），实为 %q", c.digits, example(c), clip(raw))
			return nil, false
		}
		_ = rest
		return code, true
	case kAmount:
		a, msg := parseAmount(raw)
		if msg != "" {
			r.errAt(sheet, at, c.header, "%s，实为 %q", msg, clip(raw))
			return nil, false
		}
		return a, true
	case kInt:
		n, ok := parseInt(raw)
		if !ok {
			r.errAt(sheet, at, c.header, "应为整数，实为 %q", clip(raw))
			return nil, false
		}
		return n, true
	case kDate:
		d, ok := r.parseDate(raw, c)
		if !ok {
			r.errAt(sheet, at, c.header, "应为实际存在的日期，如 2021-01-01，实为 %q", clip(raw))
			return nil, false
		}
		return d, true
	case kEnum:
		k, ok := c.enum.parse(raw)
		if !ok {
			r.errAt(sheet, at, c.header, "应从下拉列表中选择：%s；实为 %q", strings.Join(c.enum.labelsFor(r.final), "、"), clip(raw))
			return nil, false
		}
		return k, true
	}
	return raw, true
}

func (e *enum) labelsFor(final bool) []string {
	if e == enumNature && !final {
		return e.labels[:2]
	}
	return e.labels
}

func want(c *column) string {
	switch c.kind {
	case kAmount:
		return "金额（元，最多两位小数）"
	case kInt:
		return "整数"
	case kDate:
		return "日期"
	case kCode:
		return "科目编码"
	case kEnum:
		return "下拉列表中的一项"
	}
	return "内容"
}

func example(c *column) string {
	switch c.list {
	case listEcon:
		return "30101 基本工资"
	case listGovEcon:
		return "50101 工资奖金津补贴"
	}
	return "2010301 行政运行"
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

var fullWidth = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"，", ",", "．", ".", "－", "-", "　", " ")

// leadingDigits splits "2010301 行政运行" into the code and the rest.
func leadingDigits(s string) (code, rest string) {
	s = strings.TrimSpace(fullWidth.Replace(s))
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], strings.TrimSpace(s[i:])
}

var plainNumber = lazyre.New(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// parseAmount reads an amount in 元: what a cell stores (a number, maybe
// with binary noise Excel leaves, 12029501.840000001) or text typed into a
// text cell ("1,234.50").
func parseAmount(raw string) (yusuan.Amount, string) {
	s := strings.TrimSpace(fullWidth.Replace(raw))
	if a, err := yusuan.ParseAmount(s); err == nil {
		if a > yusuan.MaxTotal || a < -yusuan.MaxTotal {
			return 0, "金额超过 yusuan 能精确计算的上限 5 万亿元"
		}
		return a, ""
	}
	if !plainNumber.MatchString(s) {
		return 0, "应为以元为单位的金额（数字，可带千分位逗号，最多两位小数）"
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, "应为以元为单位的金额"
	}
	if math.Abs(f) > float64(yusuan.MaxTotal)/100 {
		return 0, "金额超过 yusuan 能精确计算的上限 5 万亿元"
	}
	// Excel stores a number as a binary double and may write it with 17
	// digits (12029501.840000001), and a value pasted from a sum carries
	// the sum's rounding (0.30000000000000004): the amount is the 分 a few
	// units in the last place away, and a real third decimal is an error.
	n := math.Round(f * 100)
	ulp := math.Nextafter(math.Abs(f), math.Inf(1)) - math.Abs(f)
	if math.Abs(f-n/100) > 8*ulp {
		return 0, "金额最多两位小数（精确到分）"
	}
	return yusuan.Amount(n), ""
}

// parseInt reads a whole number as Excel stores it (10, 10.0, 1E1).
func parseInt(raw string) (int, bool) {
	s := strings.TrimSpace(fullWidth.Replace(raw))
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	if !plainNumber.MatchString(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e15 {
		return 0, false
	}
	return int(f), true
}

// parseDate reads a date: an Excel date number, or text 2021-01-01,
// 2021/1/1 or 2021年1月1日. Text that is no date is kept as written
// where the budget file keeps it (a project's start and end), since a
// budget file does not require those to be dates.
func (r *reader) parseDate(raw string, c *column) (string, bool) {
	s := strings.TrimSpace(fullWidth.Replace(raw))
	if plainNumber.MatchString(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 1 || f >= 2958466 {
			return "", false
		}
		return dateOf(int64(f), r.date1904).Format("2006-01-02"), true
	}
	for _, layout := range []string{"2006-01-02", "2006/1/2", "2006-1-2", "2006年1月2日", "2006.1.2"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	if c.key == "start" || c.key == "end" {
		return raw, true
	}
	return "", false
}

// header maps a list sheet's header row to its columns.
func (r *reader) header(s *sheet, row []string) map[string]int {
	idx := map[string]int{}
	known := map[string]*column{}
	for i := range s.cols {
		known[s.cols[i].header] = &s.cols[i]
	}
	for i, h := range row {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		c, ok := known[h]
		if !ok {
			r.errAt(s.name, cellName(i, 1), "", "不认识的列标题 %q；请不要修改标题行（可用的列：%s）", clip(h), headers(s))
			continue
		}
		if _, dup := idx[c.key]; dup {
			r.errAt(s.name, cellName(i, 1), "", "列标题 %q 重复", h)
			continue
		}
		idx[c.key] = i
	}
	for _, c := range s.cols {
		if _, ok := idx[c.key]; !ok && !c.final {
			r.errAt(s.name, "1:1", "", "缺少列“%s”；请不要修改标题行", c.header)
		}
	}
	r.headers[s] = idx
	return idx
}

func headers(s *sheet) string {
	var hs []string
	for _, c := range s.cols {
		hs = append(hs, c.header)
	}
	return strings.Join(hs, "、")
}

// listRow is one row of a list sheet, read by column key.
type listRow struct {
	row  int
	vals map[string]any
}

func (l listRow) str(key string) string {
	s, _ := l.vals[key].(string)
	return s
}

func (l listRow) amount(key string) yusuan.Amount {
	a, _ := l.vals[key].(yusuan.Amount)
	return a
}

func (l listRow) amountPtr(key string) *yusuan.Amount {
	a, ok := l.vals[key].(yusuan.Amount)
	if !ok {
		return nil
	}
	return &a
}

func (l listRow) has(key string) bool { _, ok := l.vals[key]; return ok }

// list reads the rows of a list sheet; required is whether a missing
// sheet is an error.
func (r *reader) list(s *sheet, required bool) []listRow {
	g, ok := r.grid(s.name)
	if !ok {
		if required {
			r.errAt(s.name, "", "", "缺少工作表“%s”；请使用 yusuan template 生成的模板", s.name)
		}
		return nil
	}
	if len(g) == 0 {
		if required {
			r.errAt(s.name, "1:1", "", "缺少标题行；请不要删除标题行")
		}
		return nil
	}
	idx := r.header(s, g[0])
	known := map[int]bool{}
	for _, ci := range idx {
		known[ci] = true
	}
	stray := map[int]bool{}
	var out []listRow
	max := limits.Current().Items
	for i, cells := range g[1:] {
		row := i + 2
		if blank(cells) {
			continue
		}
		for ci, v := range cells {
			if !known[ci] && !stray[ci] && strings.TrimSpace(v) != "" {
				// Once per column: the header is missing or unknown.
				stray[ci] = true
				if ci >= len(g[0]) || strings.TrimSpace(g[0][ci]) == "" {
					r.errAt(s.name, cellName(ci, row), "", "这一列没有标题，其中的内容不会被读取；请填在对应的列中，或删除")
				}
			}
		}
		l := listRow{row: row, vals: map[string]any{}}
		any := false
		for key, ci := range idx {
			if ci >= len(cells) {
				continue
			}
			_, c := s.col(key)
			if v, ok := r.cell(s.name, ci, row, c, cells[ci]); ok {
				l.vals[key] = v
			}
			if strings.TrimSpace(cells[ci]) != "" {
				any = true
			}
		}
		if !any {
			continue // data only outside the known columns: reported by header
		}
		if len(out) == max {
			r.errs = append(r.errs, &Error{File: r.name, Sheet: s.name, Msg: limits.Count("", "工作表的数据行数", 0, max, "--max-items").Error()})
			break
		}
		out = append(out, l)
	}
	return out
}

func (r *reader) item(path string, i int, s *sheet, row int) {
	r.items[fmt.Sprintf("%s[%d]", path, i)] = itemLoc{s: s, row: row}
}

func (r *reader) field(path string, s *sheet, key string, row int) {
	if ci, ok := r.headers[s][key]; ok {
		_, c := s.col(key)
		r.fields[path] = cellLoc{s.name, cellName(ci, row), c.header}
	}
}

// budget reads every sheet into the budget.
func (r *reader) budget() *yusuan.Budget {
	b := &yusuan.Budget{}
	r.info(b)
	r.final = b.IsFinal()
	for _, l := range r.list(unitSheet, true) {
		r.item("units", len(b.Units), unitSheet, l.row)
		b.Units = append(b.Units, yusuan.Unit{Code: l.str("code"), Name: l.str("name"), Kind: yusuan.UnitKind(l.str("kind"))})
	}
	r.duties(b)
	for _, l := range r.list(incomeSheet, true) {
		r.item("income", len(b.Income), incomeSheet, l.row)
		b.Income = append(b.Income, yusuan.IncomeLine{Unit: l.str("unit"), Source: yusuan.Source(l.str("source")), Function: l.str("function"), Amount: l.amount("amount"), Note: l.str("note")})
		r.requireAmount(incomeSheet, l, "amount")
	}
	for _, l := range r.list(expenditureSheet, true) {
		r.item("expenditure", len(b.Expenditure), expenditureSheet, l.row)
		b.Expenditure = append(b.Expenditure, yusuan.ExpenditureLine{Unit: l.str("unit"), Function: l.str("function"), Econ: l.str("econ"), GovEcon: l.str("gov_econ"),
			Nature: yusuan.Nature(l.str("nature")), Project: l.str("project"), Source: yusuan.Source(l.str("source")), Amount: l.amount("amount"),
			BudgetInitial: l.amountPtr("budget_initial"), BudgetFull: l.amountPtr("budget_full"), Note: l.str("note")})
		r.requireAmount(expenditureSheet, l, "amount")
	}
	byID := map[string]int{}
	for _, l := range r.list(projectSheet, true) {
		r.item("projects", len(b.Projects), projectSheet, l.row)
		if id := l.str("id"); id != "" {
			if _, dup := byID[id]; !dup {
				byID[id] = len(b.Projects)
			}
		}
		b.Projects = append(b.Projects, yusuan.Project{ID: l.str("id"), Name: l.str("name"), Unit: l.str("unit"), Type: yusuan.ProjectType(l.str("type")),
			Use: l.str("use"), Manager: l.str("manager"), Contact: l.str("contact"), Phone: l.str("phone"), Start: l.str("start"), End: l.str("end"),
			Total: l.amount("total"), LastYearTotal: l.amount("last_year_total"), LastYear: l.amount("last_year"),
			Overview: l.str("overview"), Basis: l.str("basis"), Necessity: l.str("necessity"), Measures: l.str("measures"), Plan: l.str("plan"),
			OverallGoal: l.str("overall_goal"), AnnualGoal: l.str("annual_goal"), Remark: l.str("remark")})
	}
	for _, l := range r.list(projectIndSheet, true) {
		id := l.str("project")
		pi, ok := byID[id]
		if !ok {
			ci := r.headers[projectIndSheet]["project"]
			if id == "" {
				r.errAt(sheetProjectInd, cellName(ci, l.row), "项目", "缺少指标所属项目的编号")
			} else {
				r.errAt(sheetProjectInd, cellName(ci, l.row), "项目", "未知的项目编号 %q：请先在“项目”工作表中填写", id)
			}
			continue
		}
		p := &b.Projects[pi]
		r.item(fmt.Sprintf("projects[%d].indicators", pi), len(p.Indicators), projectIndSheet, l.row)
		p.Indicators = append(p.Indicators, indicator(l))
	}
	var perf yusuan.DepartmentPerformance
	hasPerf := false
	if v, ok := r.infoVals["performance.goal"].(string); ok {
		perf.Goal, hasPerf = v, true
	}
	for _, l := range r.list(taskSheet, true) {
		r.item("performance.tasks", len(perf.Tasks), taskSheet, l.row)
		perf.Tasks = append(perf.Tasks, yusuan.Task{Name: l.str("name"), Content: l.str("content")})
		hasPerf = true
	}
	for _, l := range r.list(deptIndSheet, true) {
		r.item("performance.indicators", len(perf.Indicators), deptIndSheet, l.row)
		perf.Indicators = append(perf.Indicators, indicator(l))
		hasPerf = true
	}
	if hasPerf {
		b.Performance = &perf
	}
	for _, l := range r.list(procurementSheet, true) {
		r.item("procurement", len(b.Procurement), procurementSheet, l.row)
		q := int64(0)
		if n, ok := l.vals["quantity"].(int); ok {
			q = int64(n)
		}
		b.Procurement = append(b.Procurement, yusuan.ProcurementItem{Unit: l.str("unit"), Function: l.str("function"), Econ: l.str("econ"),
			Nature: yusuan.Nature(l.str("nature")), Project: l.str("project"), Purpose: l.str("purpose"), Catalog: l.str("catalog"),
			Item: l.str("item"), Measure: l.str("measure"), Quantity: q, UnitPrice: l.amount("unit_price"), Amount: l.amount("amount"),
			Category: yusuan.ProcurementCategory(l.str("category")), Name: l.str("name")})
		r.requireAmount(procurementSheet, l, "amount")
		r.requireAmount(procurementSheet, l, "quantity")
	}
	r.lastYear(b)
	for _, l := range r.list(emptySheet, true) {
		k, text := l.str("kind"), l.str("text")
		r.keyRow(emptySheet, k, l.row)
		if text == "" {
			continue
		}
		if k == "" {
			r.errAt(sheetEmpty, cellName(r.headers[emptySheet]["kind"], l.row), "表类型", "缺少表类型：说明是哪一张表的")
			continue
		}
		if b.EmptyTables == nil {
			b.EmptyTables = map[yusuan.TableKind]string{}
		}
		if _, dup := b.EmptyTables[yusuan.TableKind(k)]; dup {
			r.errAt(sheetEmpty, cellName(r.headers[emptySheet]["kind"], l.row), "表类型", "表类型 %s 重复", k)
		}
		b.EmptyTables[yusuan.TableKind(k)] = text
		r.field("empty_tables."+k, emptySheet, "kind", l.row)
	}
	for _, l := range r.list(transferSheet, true) {
		r.item("special_transfers", len(b.SpecialTransfers), transferSheet, l.row)
		b.SpecialTransfers = append(b.SpecialTransfers, yusuan.SpecialTransfer{Name: l.str("name"), Amount: l.amount("amount")})
		r.requireAmount(transferSheet, l, "amount")
	}
	for _, l := range r.list(glossarySheet, true) {
		r.item("glossary", len(b.Glossary), glossarySheet, l.row)
		b.Glossary = append(b.Glossary, yusuan.Term{Term: l.str("term"), Definition: l.str("definition")})
	}
	r.finalSheets(b)
	return b
}

// keyRow records the first row a key is listed on.
func (r *reader) keyRow(s *sheet, key string, row int) {
	if key == "" {
		return
	}
	if r.keyRows[s] == nil {
		r.keyRows[s] = map[string]int{}
	}
	if _, ok := r.keyRows[s][key]; !ok {
		r.keyRows[s][key] = row
	}
}

func indicator(l listRow) yusuan.Indicator {
	return yusuan.Indicator{Level1: l.str("level1"), Level2: l.str("level2"), Name: l.str("name"), Target: l.str("target"), Measure: l.str("measure")}
}

// requireAmount reports an empty cell where the budget file requires a
// value (an amount, a quantity): an empty cell is never read as zero.
func (r *reader) requireAmount(s *sheet, l listRow, key string) {
	ci, ok := r.headers[s][key]
	if !ok || l.has(key) {
		return
	}
	_, c := s.col(key)
	r.errAt(s.name, cellName(ci, l.row), c.header, "缺少%s；为零请填 0", strings.TrimSuffix(c.header, "（元）"))
}

func (r *reader) duties(b *yusuan.Budget) {
	g, ok := r.grid(sheetDuties)
	if !ok {
		r.errAt(sheetDuties, "", "", "缺少工作表“%s”；请使用 yusuan template 生成的模板", sheetDuties)
		return
	}
	if len(g) == 0 {
		return
	}
	idx := r.header(dutySheet, g[0])
	for _, c := range dutySheet.cols {
		ci, ok := idx[c.key]
		if !ok {
			continue
		}
		var list []string
		for i, cells := range g[1:] {
			if ci >= len(cells) {
				continue
			}
			v, ok := r.cell(sheetDuties, ci, i+2, &c, cells[ci])
			if !ok {
				continue
			}
			path := fmt.Sprintf("%s[%d]", c.key, len(list))
			r.fields[path] = cellLoc{sheetDuties, cellName(ci, i+2), c.header}
			list = append(list, v.(string))
		}
		switch c.key {
		case "duties":
			b.Duties = list
		case "bodies":
			b.Bodies = list
		case "subordinates":
			b.Subordinates = list
		}
	}
}

func (r *reader) lastYear(b *yusuan.Budget) {
	for _, l := range r.list(lastYearSheet, true) {
		m := l.str("measure")
		r.keyRow(lastYearSheet, m, l.row)
		_, hasLast := l.vals["last_year"]
		reason := l.str("reason")
		if !hasLast && reason == "" {
			continue
		}
		ci := r.headers[lastYearSheet]["measure"]
		if m == "" {
			r.errAt(sheetLastYear, cellName(ci, l.row), "指标代码", "缺少指标代码：上年数或变动原因是哪个指标的")
			continue
		}
		if hasLast {
			if b.LastYear == nil {
				b.LastYear = yusuan.LastYear{}
			}
			if _, dup := b.LastYear[m]; dup {
				r.errAt(sheetLastYear, cellName(ci, l.row), "指标代码", "指标 %s 重复", m)
			}
			b.LastYear[m] = l.amount("last_year")
			r.field("last_year."+m, lastYearSheet, "last_year", l.row)
		}
		if reason != "" {
			if b.Reasons == nil {
				b.Reasons = map[string]string{}
			}
			if _, dup := b.Reasons[m]; dup && !hasLast {
				r.errAt(sheetLastYear, cellName(ci, l.row), "指标代码", "指标 %s 重复", m)
			}
			b.Reasons[m] = reason
			r.field("reasons."+m, lastYearSheet, "reason", l.row)
		}
	}
}

func (r *reader) finalSheets(b *yusuan.Budget) {
	fa := &yusuan.FinalAccounts{}
	has := false
	v := r.infoVals
	if a, ok := v["final.surplus_use"].(yusuan.Amount); ok {
		fa.SurplusUse, has = a, true
	}
	if a, ok := v["final.surplus_distribution"].(yusuan.Amount); ok {
		fa.SurplusDistribution, has = a, true
	}
	count := func(key string) *int {
		if n, ok := v[key].(int); ok {
			has = true
			return &n
		}
		return nil
	}
	t := &fa.ThreePublic
	t.AbroadGroups = count("final.three_public.abroad_groups")
	t.AbroadPeople = count("final.three_public.abroad_people")
	t.VehiclesPurchased = count("final.three_public.vehicles_purchased")
	t.VehiclesHeld = count("final.three_public.vehicles_held")
	t.Receptions = count("final.three_public.receptions")
	t.ReceptionPeople = count("final.three_public.reception_people")
	amt := func(key string) (yusuan.Amount, bool) {
		a, ok := v[key].(yusuan.Amount)
		return a, ok
	}
	var p yusuan.FinalProcurement
	any := false
	for _, x := range []struct {
		key string
		dst *yusuan.Amount
	}{{"goods", &p.Goods}, {"works", &p.Works}, {"services", &p.Services}, {"sme", &p.SME}, {"small_micro", &p.SmallMicro}} {
		if a, ok := amt("final.procurement." + x.key); ok {
			*x.dst, any = a, true
		}
	}
	if any {
		fa.Procurement, has = &p, true
	}
	var perf yusuan.FinalPerformance
	l1, l2 := count("final.performance.level1"), count("final.performance.level2")
	a, okA := amt("final.performance.amount")
	if l1 != nil || l2 != nil || okA {
		perf.Level1, perf.Level2, perf.Amount = l1, l2, a
		fa.Performance, has = &perf, true
	}
	for _, l := range r.list(carrySheet, false) {
		r.item("final.carry", len(fa.Carry), carrySheet, l.row)
		fa.Carry = append(fa.Carry, yusuan.CarryLine{Unit: l.str("unit"), Source: yusuan.Source(l.str("source")), Function: l.str("function"),
			In: l.amountPtr("in"), Out: l.amountPtr("out"), Note: l.str("note")})
		has = true
	}
	for _, l := range r.list(finalReasonSheet, false) {
		ref, reason := l.str("ref"), l.str("reason")
		r.keyRow(finalReasonSheet, ref, l.row)
		ci := r.headers[finalReasonSheet]["ref"]
		if ref == "" {
			r.errAt(sheetFinalReason, cellName(ci, l.row), "对象", "缺少对象：原因是哪个科目或指标的")
			continue
		}
		if fa.Reasons == nil {
			fa.Reasons = map[string]string{}
		}
		if _, dup := fa.Reasons[ref]; dup {
			r.errAt(sheetFinalReason, cellName(ci, l.row), "对象", "对象 %s 重复", ref)
		}
		fa.Reasons[ref] = reason
		r.field("final.reasons."+ref, finalReasonSheet, "reason", l.row)
		has = true
	}
	if has {
		b.Final = fa
	}
}

// info reads 基本信息: a label in column A, its value in column B.
func (r *reader) info(b *yusuan.Budget) {
	r.infoVals = map[string]any{}
	g, ok := r.grid(sheetInfo)
	if !ok {
		r.errAt(sheetInfo, "", "", "缺少工作表“%s”；请使用 yusuan template 生成的模板", sheetInfo)
		return
	}
	byLabel := map[string]*column{}
	for i := range info {
		byLabel[info[i].header] = &info[i]
	}
	seen := map[string]bool{}
	for i, cells := range g {
		if i == 0 || len(cells) == 0 {
			continue
		}
		row := i + 1
		label := strings.TrimSpace(cells[0])
		val := ""
		if len(cells) > 1 {
			val = cells[1]
		}
		c, ok := byLabel[label]
		if !ok {
			if strings.TrimSpace(val) != "" {
				r.errAt(sheetInfo, fmt.Sprintf("A%d", row), "", "不认识的项目 %q；请不要修改 A 列的项目名称", clip(label))
			}
			continue
		}
		if seen[c.key] {
			r.errAt(sheetInfo, fmt.Sprintf("A%d", row), "", "项目 %q 重复", label)
			continue
		}
		seen[c.key] = true
		r.fields[c.key] = cellLoc{sheetInfo, fmt.Sprintf("B%d", row), c.header}
		if v, ok := r.cell(sheetInfo, 1, row, c, val); ok {
			r.infoVals[c.key] = v
		}
	}
	v := r.infoVals
	str := func(k string) string { s, _ := v[k].(string); return s }
	num := func(k string) int { n, _ := v[k].(int); return n }
	b.Profile, b.Kind, b.Level = str("profile"), str("kind"), str("level")
	b.Year = num("year")
	if _, ok := v["year"]; !ok {
		if loc, ok := r.fields["year"]; ok {
			r.errAt(loc.sheet, loc.cell, loc.field, "缺少预算年度（如 2021）")
		} else {
			r.errAt(sheetInfo, "", "", "缺少“预算年度”一行；请不要修改 A 列的项目名称")
		}
	}
	b.Department = yusuan.Department{Code: str("department.code"), Name: str("department.name")}
	b.Scope = str("scope")
	b.Staffing = yusuan.Staffing{Authorized: num("staffing.authorized"), Administrative: num("staffing.administrative"), Workers: num("staffing.workers"),
		Institution: num("staffing.institution"), Employed: num("staffing.employed"), Retired: num("staffing.retired")}
	b.Vehicles = yusuan.Vehicles{Total: num("vehicles.total"), General: num("vehicles.general"), LawEnforcement: num("vehicles.law_enforcement"),
		Special: num("vehicles.special"), Confidential: num("vehicles.confidential"), Other: num("vehicles.other"), OtherUse: str("vehicles.other_use")}
	b.Assets = yusuan.Assets{AsOf: str("assets.as_of"), GeneralEquipment: num("assets.general_equipment"), SpecialEquipment: num("assets.special_equipment")}
}

// locate turns a validation error on a path into one on the cell that
// holds the value.
func (r *reader) locate(e *yamlfile.Error) *Error {
	out := &Error{File: r.name, Msg: yamlKeys.ReplaceAllString(workbookWords.Replace(e.Msg), "")}
	path := e.Path
	if path == "" {
		return out
	}
	if loc, ok := r.fields[path]; ok {
		out.Sheet, out.Cell, out.Field = loc.sheet, loc.cell, loc.field
		return out
	}
	// The longest item prefix: expenditure[3].amount → the row of
	// expenditure[3], the column of amount.
	for i := len(path); i > 0; i-- {
		if path[i-1] != ']' {
			continue
		}
		it, ok := r.items[path[:i]]
		if !ok {
			continue
		}
		out.Sheet = it.s.name
		key := strings.TrimPrefix(path[i:], ".")
		if j := strings.IndexAny(key, ".["); j >= 0 {
			key = key[:j]
		}
		if ci, ok := r.headers[it.s][key]; ok && key != "" {
			_, c := it.s.col(key)
			out.Cell, out.Field = cellName(ci, it.row), c.header
		} else {
			out.Cell = fmt.Sprintf("%d:%d", it.row, it.row)
		}
		return out
	}
	// A whole list (income: the balance of a unit and source) or a
	// prefix of a key-value field.
	bare := indexes.ReplaceAllString(path, "")
	if ci, c := dutySheet.col(bare); c != nil {
		out.Sheet, out.Cell, out.Field = sheetDuties, cellName(ci, 1), c.header
		if idx, ok := r.headers[dutySheet][bare]; ok {
			out.Cell = cellName(idx, 1)
		}
		return out
	}
	for p := bare; p != ""; {
		if s := sheetByPath(p); s != nil {
			out.Sheet = s.name
			return out
		}
		if strings.HasPrefix(p, "final") || strings.HasPrefix(p, "staffing") || strings.HasPrefix(p, "vehicles") || strings.HasPrefix(p, "assets") || p == "performance" || p == "department" {
			for _, c := range info {
				if strings.HasPrefix(c.key, p+".") || c.key == p {
					if loc, ok := r.fields[c.key]; ok {
						out.Sheet, out.Cell, out.Field = loc.sheet, loc.cell, loc.field
						return out
					}
				}
			}
		}
		j := strings.LastIndex(p, ".")
		if j < 0 {
			break
		}
		p = p[:j]
	}
	out.Msg = e.Path + ": " + out.Msg
	return out
}

var indexes = lazyre.New(`\[\d+\]`)

// yamlKeys are the budget file's keys a message names in brackets
// (（units）), which mean nothing in a workbook.
var yamlKeys = lazyre.New(`（[a-z_]+）`)

// workbookWords puts the budget file's words for where to list a thing
// into the workbook's.
var workbookWords = strings.NewReplacer(
	"请先在 units 中列出", "请先在“单位”工作表中填写",
	"请先在 projects 中列出", "请先在“项目”工作表中填写",
)
