package workbook

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/yusuan/yusuan"
)

// Options say what a workbook is made with.
type Options struct {
	// Catalog is the classification catalog of the budget's year: the
	// drop-down lists of codes and the names written beside them.
	Catalog *yusuan.Catalog
	// Profiles are the profile ids the 公开格式 list offers.
	Profiles []string
	// Tables are the table kinds of the profile, listed on 空表说明 for
	// the officer to explain the ones that come out empty; nil lists all.
	Tables []yusuan.TableKind
	// Final includes final accounts' sheets and columns (决算) even when
	// the budget does not say it is final.
	Final bool
}

// WriteError is a value the workbook cannot hold.
type WriteError struct {
	Path string
	Msg  string
}

func (e *WriteError) Error() string { return e.Path + ": " + e.Msg }

// Template makes the empty workbook of a profile's kind and level for a
// budget year.
func Template(profileID, docKind, level string, year int, o Options) ([]byte, error) {
	if docKind == yusuan.DocBudget {
		docKind = ""
	}
	if level == yusuan.LevelDepartment {
		level = ""
	}
	b := &yusuan.Budget{Profile: profileID, Kind: docKind, Level: level, Year: year}
	return write(b, o, true)
}

// Write makes the workbook holding a budget.
func Write(b *yusuan.Budget, o Options) ([]byte, error) {
	return write(b, o, false)
}

type writer struct {
	f      *excelize.File
	o      Options
	b      *yusuan.Budget
	blank  bool // an empty template: no zeros in the key-value sheet
	final  bool
	styles map[string]int
	refs   map[string]string // the range of each drop-down list
	// the lists of the hidden list sheet, by column
	listNames []string
	listItems [][]string
	err       error
}

// maxCellChars is Excel's limit on the text of one cell, in UTF-16 units.
const maxCellChars = 32767

func write(b *yusuan.Budget, o Options, blank bool) (out []byte, err error) {
	w := &writer{f: excelize.NewFile(), o: o, b: b, blank: blank, styles: map[string]int{}, refs: map[string]string{}}
	defer w.f.Close()
	w.final = o.Final || b.IsFinal() || b.Final != nil || hasFinalColumns(b)
	if err := w.f.SetSheetName("Sheet1", sheetHelp); err != nil {
		return nil, err
	}
	w.makeStyles()
	w.prepareLists()
	w.infoSheet()
	for _, s := range sheets {
		if s.final && !w.final {
			continue
		}
		w.listSheet(s)
	}
	w.help()
	w.writeLists()
	w.marker()
	if w.err != nil {
		return nil, w.err
	}
	w.f.SetActiveSheet(0)
	buf, err := w.f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func hasFinalColumns(b *yusuan.Budget) bool {
	for _, l := range b.Expenditure {
		if l.BudgetInitial != nil || l.BudgetFull != nil {
			return true
		}
	}
	for _, l := range b.Income {
		if l.Function != "" {
			return true
		}
	}
	return false
}

func (w *writer) fail(err error) {
	if err != nil && w.err == nil {
		w.err = err
	}
}

func (w *writer) makeStyles() {
	locked := &excelize.Protection{Locked: true}
	unlocked := &excelize.Protection{Locked: false}
	border := []excelize.Border{{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1}, {Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1}}
	amount, date := "#,##0.00", "yyyy-mm-dd"
	defs := map[string]*excelize.Style{
		"header": {Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, Protection: locked, NumFmt: 49},
		"label": {Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}, Border: border,
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Protection: locked, NumFmt: 49},
		"note":   {Font: &excelize.Font{Color: "595959"}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Protection: locked, NumFmt: 49},
		"title":  {Font: &excelize.Font{Bold: true, Size: 14}, Protection: locked, NumFmt: 49},
		"text":   {Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Protection: unlocked, NumFmt: 49},
		"id":     {Protection: unlocked, NumFmt: 49},
		"amount": {Protection: unlocked, CustomNumFmt: &amount},
		"int":    {Protection: unlocked, NumFmt: 1},
		"date":   {Protection: unlocked, CustomNumFmt: &date},
	}
	for name, st := range defs {
		id, err := w.f.NewStyle(st)
		w.fail(err)
		w.styles[name] = id
	}
}

func (w *writer) inputStyle(k kind) int {
	switch k {
	case kAmount:
		return w.styles["amount"]
	case kInt:
		return w.styles["int"]
	case kDate:
		return w.styles["date"]
	case kText:
		return w.styles["text"]
	}
	return w.styles["id"]
}

// prepareLists gathers the drop-down lists — codes with their names from
// the catalog of the year, measures, table kinds, profiles, the labels of
// each enum — and where each will stand on the hidden list sheet, which
// writeLists writes last.
func (w *writer) prepareLists() {
	add := func(name string, items []string) {
		w.listNames = append(w.listNames, name)
		w.listItems = append(w.listItems, items)
		if len(items) > 0 {
			col, _ := excelize.ColumnNumberToName(len(w.listNames))
			w.refs[name] = fmt.Sprintf("'%s'!$%s$2:$%s$%d", listsSheet, col, col, len(items)+1)
		}
	}
	if c := w.o.Catalog; c != nil {
		add(listFunctional, codeList(c.Functional, 7))
		add(listEcon, codeList(c.Econ, 5))
		add(listGovEcon, codeList(c.GovEcon, 5))
	}
	var measures []string
	for _, m := range yusuan.Measures {
		if m.Of == "final" && !w.final {
			continue
		}
		measures = append(measures, m.Name)
	}
	add(listMeasures, measures)
	var kinds []string
	for _, k := range yusuan.TableKinds {
		kinds = append(kinds, string(k))
	}
	add(listKinds, kinds)
	add(listProfiles, w.o.Profiles)
	for _, e := range []*enum{enumKind, enumLevel, enumUnit, enumNature, enumProjectType, enumCategory, enumSource} {
		add("enum:"+e.name, e.labelsFor(w.final))
	}
}

// writeLists writes the very hidden list sheet.
func (w *writer) writeLists() {
	_, err := w.f.NewSheet(listsSheet)
	w.fail(err)
	for i, items := range w.listItems {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w.set(listsSheet, col+"1", w.listNames[i])
		for j, it := range items {
			w.set(listsSheet, fmt.Sprintf("%s%d", col, j+2), it)
		}
	}
	w.protect(listsSheet)
	w.fail(w.f.SetSheetVisible(listsSheet, false, true))
}

func codeList(c *yusuan.Classification, digits int) []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, code := range c.Codes() {
		if len(code) != digits {
			continue
		}
		name, _ := c.Name(code)
		out = append(out, code+" "+name)
	}
	return out
}

// set writes a string as text: it is stored as a string, never as a
// formula, whatever it begins with.
func (w *writer) set(sheet, cell, s string) {
	if w.err != nil {
		return
	}
	w.fail(w.f.SetCellStr(sheet, cell, s))
}

// value writes a cell of a kind; path names the value for errors.
func (w *writer) value(sheet, cell string, c *column, path string, v any) {
	if w.err != nil {
		return
	}
	switch x := v.(type) {
	case nil:
		return
	case yusuan.Amount:
		w.fail(w.f.SetCellFloat(sheet, cell, float64(x)/100, -1, 64))
	case *yusuan.Amount:
		if x != nil {
			w.value(sheet, cell, c, path, *x)
		}
	case int:
		w.fail(w.f.SetCellInt(sheet, cell, int64(x)))
	case int64:
		w.fail(w.f.SetCellInt(sheet, cell, x))
	case *int:
		if x != nil {
			w.fail(w.f.SetCellInt(sheet, cell, int64(*x)))
		}
	case string:
		if x == "" {
			return
		}
		if err := storable(x); err != "" {
			w.fail(&WriteError{Path: path, Msg: err})
			return
		}
		switch c.kind {
		case kDate:
			if t, err := time.Parse("2006-01-02", x); err == nil && t.Year() > 1900 {
				w.fail(w.f.SetCellInt(sheet, cell, serial(t)))
				return
			}
		case kEnum:
			x = c.enum.label(x)
		case kCode:
			x = w.codeName(c, x)
		}
		w.set(sheet, cell, x)
	default:
		w.fail(fmt.Errorf("workbook: cannot write %T at %s", v, path))
	}
}

// storable says what keeps a text out of a cell: Excel's limit on its
// length, or a character XML cannot hold.
func storable(s string) string {
	if len(s) > maxCellChars && len(utf16.Encode([]rune(s))) > maxCellChars {
		return fmt.Sprintf("文本超过 Excel 单元格的上限 %d 个字符，无法写入工作簿", maxCellChars)
	}
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF {
			return fmt.Sprintf("文本含有 Excel 工作簿无法保存的控制字符 U+%04X", r)
		}
	}
	return ""
}

func (w *writer) codeName(c *column, code string) string {
	if w.o.Catalog == nil {
		return code
	}
	var cl *yusuan.Classification
	switch c.list {
	case listFunctional:
		cl = w.o.Catalog.Functional
	case listEcon:
		cl = w.o.Catalog.Econ
	case listGovEcon:
		cl = w.o.Catalog.GovEcon
	}
	if cl != nil {
		if name, ok := cl.Name(code); ok {
			return code + " " + name
		}
	}
	return code
}

// validation adds the drop-down list or the input check of a column over
// the cells in sqref.
func (w *writer) validation(sheet, sqref string, c *column) {
	if w.err != nil {
		return
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	title := c.header
	if len([]rune(title)) > 32 {
		title = string([]rune(title)[:32])
	}
	switch c.kind {
	case kAmount:
		w.fail(dv.SetRange(0, 999999999999999.0, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
		dv.SetError(excelize.DataValidationErrorStyleStop, title, "应为不小于 0 的金额（元），最多两位小数。")
	case kInt:
		w.fail(dv.SetRange(0, 2147483647, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween))
		dv.SetError(excelize.DataValidationErrorStyleStop, title, "应为不小于 0 的整数。")
	case kDate:
		w.fail(dv.SetRange(1, 2958465, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween))
		dv.SetError(excelize.DataValidationErrorStyleWarning, title, "应为日期，如 2021-01-01。")
	case kEnum:
		ref, ok := w.refs["enum:"+c.enum.name]
		if !ok {
			return
		}
		dv.SetSqrefDropList(ref)
		dv.SetError(excelize.DataValidationErrorStyleStop, title, "请从下拉列表中选择："+strings.Join(c.enum.labels, "、"))
	case kCode, kKey, kID:
		ref := ""
		switch c.list {
		case listUnits:
			ref = fmt.Sprintf("'%s'!$A$2:$A$%d", sheetUnits, maxListRows)
		case listProjects:
			ref = fmt.Sprintf("'%s'!$A$2:$A$%d", sheetProjects, maxListRows)
		case "":
		default:
			ref = w.refs[c.list]
		}
		if ref == "" {
			break
		}
		dv.SetSqrefDropList(ref)
		// A code the embedded catalog lacks may still be right (a fuller
		// catalog given with --catalog), so a code outside the list is a
		// warning, not a refusal.
		dv.SetError(excelize.DataValidationErrorStyleWarning, title, "不在下拉列表中。科目编码以所用年度的科目表为准；请核对。")
	}
	if c.prompt != "" {
		dv.SetInput(title, truncate(c.prompt, 250))
	}
	if dv.Type == "" && !dv.ShowInputMessage {
		return
	}
	w.fail(w.f.AddDataValidation(sheet, dv))
}

// maxListRows bounds the rows of 单位 and 项目 a drop-down list offers.
const maxListRows = 5000

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func (w *writer) protect(sheet string) {
	w.fail(w.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true, FormatCells: true,
		InsertRows: true, DeleteRows: true, Sort: true, AutoFilter: true,
	}))
}

// infoSheet writes 基本信息: label, value, note per row.
func (w *writer) infoSheet() {
	f, s := w.f, sheetInfo
	_, err := f.NewSheet(s)
	w.fail(err)
	w.fail(f.SetColWidth(s, "A", "A", 34))
	w.fail(f.SetColWidth(s, "B", "B", 48))
	w.fail(f.SetColWidth(s, "C", "C", 60))
	w.set(s, "A1", "项目")
	w.set(s, "B1", "填写内容")
	w.set(s, "C1", "说明")
	w.fail(f.SetCellStyle(s, "A1", "C1", w.styles["header"]))
	vals := w.infoValues()
	row := 2
	for i := range info {
		c := &info[i]
		if c.final && !w.final {
			continue
		}
		a, bc, cc := fmt.Sprintf("A%d", row), fmt.Sprintf("B%d", row), fmt.Sprintf("C%d", row)
		w.set(s, a, c.header)
		w.fail(f.SetCellStyle(s, a, a, w.styles["label"]))
		w.fail(f.SetCellStyle(s, bc, bc, w.inputStyle(c.kind)))
		if c.prompt != "" {
			w.set(s, cc, c.prompt)
		}
		w.fail(f.SetCellStyle(s, cc, cc, w.styles["note"]))
		w.value(s, bc, c, c.key, vals[c.key])
		w.validation(s, bc, c)
		row++
	}
	w.fail(f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	w.protect(s)
}

// infoValues are the values of 基本信息 by key; nil leaves a cell empty.
func (w *writer) infoValues() map[string]any {
	b := w.b
	v := map[string]any{
		"profile": b.Profile, "kind": b.Kind, "level": b.Level,
		"department.code": b.Department.Code, "department.name": b.Department.Name, "scope": b.Scope,
		"vehicles.other_use": b.Vehicles.OtherUse, "assets.as_of": b.Assets.AsOf,
	}
	if b.Year != 0 {
		v["year"] = b.Year
	}
	if !w.blank {
		st, ve := b.Staffing, b.Vehicles
		for k, n := range map[string]int{
			"staffing.authorized": st.Authorized, "staffing.administrative": st.Administrative, "staffing.workers": st.Workers,
			"staffing.institution": st.Institution, "staffing.employed": st.Employed, "staffing.retired": st.Retired,
			"vehicles.total": ve.Total, "vehicles.general": ve.General, "vehicles.law_enforcement": ve.LawEnforcement,
			"vehicles.special": ve.Special, "vehicles.confidential": ve.Confidential, "vehicles.other": ve.Other,
			"assets.general_equipment": b.Assets.GeneralEquipment, "assets.special_equipment": b.Assets.SpecialEquipment,
		} {
			v[k] = n
		}
	}
	if b.Performance != nil {
		v["performance.goal"] = b.Performance.Goal
	}
	if fa := b.Final; fa != nil {
		v["final.surplus_use"] = fa.SurplusUse
		v["final.surplus_distribution"] = fa.SurplusDistribution
		t := fa.ThreePublic
		v["final.three_public.abroad_groups"] = t.AbroadGroups
		v["final.three_public.abroad_people"] = t.AbroadPeople
		v["final.three_public.vehicles_purchased"] = t.VehiclesPurchased
		v["final.three_public.vehicles_held"] = t.VehiclesHeld
		v["final.three_public.receptions"] = t.Receptions
		v["final.three_public.reception_people"] = t.ReceptionPeople
		if p := fa.Procurement; p != nil {
			v["final.procurement.goods"] = p.Goods
			v["final.procurement.works"] = p.Works
			v["final.procurement.services"] = p.Services
			v["final.procurement.sme"] = p.SME
			v["final.procurement.small_micro"] = p.SmallMicro
		}
		if p := fa.Performance; p != nil {
			v["final.performance.level1"] = p.Level1
			v["final.performance.level2"] = p.Level2
			v["final.performance.amount"] = p.Amount
		}
	}
	return v
}

// listSheet writes a list sheet: the header row, the column formats and
// checks, then the rows.
func (w *writer) listSheet(s *sheet) {
	f := w.f
	_, err := f.NewSheet(s.name)
	w.fail(err)
	var cols []*column
	for i := range s.cols {
		if s.cols[i].final && !w.final {
			continue
		}
		cols = append(cols, &s.cols[i])
	}
	// Column styles are set while the sheet has no cells (excelize
	// restyles every existing cell of a column otherwise). The columns
	// beyond the sheet's stay locked: unlocking them all costs excelize
	// a walk over 16,384 columns per sheet, and an emptied row is
	// skipped like a deleted one.
	for i, c := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		width := c.width
		if width == 0 {
			width = 16
		}
		w.fail(f.SetColStyle(s.name, name, w.inputStyle(c.kind)))
		w.fail(f.SetColWidth(s.name, name, name, width))
	}
	for i, c := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		w.set(s.name, name+"1", c.header)
		w.validation(s.name, fmt.Sprintf("%s2:%s1048576", name, name), c)
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	w.fail(f.SetCellStyle(s.name, "A1", last+"1", w.styles["header"]))
	w.fail(f.SetRowHeight(s.name, 1, 30))
	w.fail(f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	rows := w.rows(s)
	for r, vals := range rows {
		for i, c := range cols {
			name, _ := excelize.ColumnNumberToName(i + 1)
			path := fmt.Sprintf("%s[%d].%s", s.path, r, c.key)
			if s.path == "" {
				path = fmt.Sprintf("%s[%d]", c.key, r) // 职责与机构: three lists
			}
			w.value(s.name, fmt.Sprintf("%s%d", name, r+2), c, path, vals[c.key])
		}
	}
	w.protect(s.name)
}

// rows are the values of a list sheet's rows, by column key.
func (w *writer) rows(s *sheet) []map[string]any {
	b := w.b
	var out []map[string]any
	switch s {
	case unitSheet:
		for _, u := range b.Units {
			out = append(out, map[string]any{"code": u.Code, "name": u.Name, "kind": string(u.Kind)})
		}
	case dutySheet:
		n := max(len(b.Duties), len(b.Bodies), len(b.Subordinates))
		for i := 0; i < n; i++ {
			m := map[string]any{}
			for key, list := range map[string][]string{"duties": b.Duties, "bodies": b.Bodies, "subordinates": b.Subordinates} {
				if i < len(list) {
					m[key] = list[i]
				}
			}
			out = append(out, m)
		}
	case incomeSheet:
		for _, l := range b.Income {
			out = append(out, map[string]any{"unit": l.Unit, "source": string(l.Source), "function": l.Function, "amount": l.Amount, "note": l.Note})
		}
	case expenditureSheet:
		for _, l := range b.Expenditure {
			out = append(out, map[string]any{"unit": l.Unit, "function": l.Function, "econ": l.Econ, "gov_econ": l.GovEcon,
				"nature": string(l.Nature), "project": l.Project, "source": string(l.Source), "amount": l.Amount,
				"budget_initial": l.BudgetInitial, "budget_full": l.BudgetFull, "note": l.Note})
		}
	case projectSheet:
		for _, p := range b.Projects {
			out = append(out, map[string]any{"id": p.ID, "name": p.Name, "unit": p.Unit, "type": string(p.Type), "use": p.Use,
				"manager": p.Manager, "contact": p.Contact, "phone": p.Phone, "start": p.Start, "end": p.End,
				"total": p.Total, "last_year_total": p.LastYearTotal, "last_year": p.LastYear,
				"overview": p.Overview, "basis": p.Basis, "necessity": p.Necessity, "measures": p.Measures, "plan": p.Plan,
				"overall_goal": p.OverallGoal, "annual_goal": p.AnnualGoal, "remark": p.Remark})
		}
	case projectIndSheet:
		for _, p := range b.Projects {
			for _, in := range p.Indicators {
				m := indicatorRow(in)
				m["project"] = p.ID
				out = append(out, m)
			}
		}
	case taskSheet:
		if b.Performance != nil {
			for _, t := range b.Performance.Tasks {
				out = append(out, map[string]any{"name": t.Name, "content": t.Content})
			}
		}
	case deptIndSheet:
		if b.Performance != nil {
			for _, in := range b.Performance.Indicators {
				out = append(out, indicatorRow(in))
			}
		}
	case procurementSheet:
		for _, p := range b.Procurement {
			out = append(out, map[string]any{"unit": p.Unit, "function": p.Function, "econ": p.Econ, "nature": string(p.Nature),
				"project": p.Project, "purpose": p.Purpose, "catalog": p.Catalog, "item": p.Item, "measure": p.Measure,
				"quantity": p.Quantity, "unit_price": p.UnitPrice, "amount": p.Amount, "category": string(p.Category), "name": p.Name})
		}
	case lastYearSheet:
		seen := map[string]bool{}
		row := func(name string) {
			seen[name] = true
			m := map[string]any{"measure": name}
			if d, ok := yusuan.Measure(name); ok {
				m["title"] = d.Title
			}
			if a, ok := b.LastYear[name]; ok {
				m["last_year"] = a
			}
			m["reason"] = b.Reasons[name]
			out = append(out, m)
		}
		for _, m := range yusuan.Measures {
			_, inLast := b.LastYear[m.Name]
			_, inReasons := b.Reasons[m.Name]
			if m.Of == "final" && !w.final && !inLast && !inReasons {
				continue
			}
			row(m.Name)
		}
		var rest []string
		for k := range b.LastYear {
			if !seen[k] {
				rest = append(rest, k)
			}
		}
		for k := range b.Reasons {
			if !seen[k] {
				rest = append(rest, k)
				seen[k] = true
			}
		}
		sort.Strings(rest)
		for _, k := range dedupe(rest) {
			row(k)
		}
	case emptySheet:
		kinds := w.o.Tables
		if kinds == nil {
			kinds = yusuan.TableKinds
		}
		seen := map[yusuan.TableKind]bool{}
		add := func(k yusuan.TableKind) {
			if seen[k] {
				return
			}
			seen[k] = true
			out = append(out, map[string]any{"kind": string(k), "title": kindNames[k], "text": b.EmptyTables[k]})
		}
		for _, k := range kinds {
			add(k)
		}
		var rest []string
		for k := range b.EmptyTables {
			rest = append(rest, string(k))
		}
		sort.Strings(rest)
		for _, k := range rest {
			add(yusuan.TableKind(k))
		}
	case transferSheet:
		for _, t := range b.SpecialTransfers {
			out = append(out, map[string]any{"name": t.Name, "amount": t.Amount})
		}
	case glossarySheet:
		for _, t := range b.Glossary {
			out = append(out, map[string]any{"term": t.Term, "definition": t.Definition})
		}
	case carrySheet:
		if b.Final != nil {
			for _, c := range b.Final.Carry {
				out = append(out, map[string]any{"unit": c.Unit, "source": string(c.Source), "function": c.Function, "in": c.In, "out": c.Out, "note": c.Note})
			}
		}
	case finalReasonSheet:
		if b.Final != nil {
			keys := make([]string, 0, len(b.Final.Reasons))
			for k := range b.Final.Reasons {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				out = append(out, map[string]any{"ref": k, "reason": b.Final.Reasons[k]})
			}
		}
	}
	return out
}

func dedupe(xs []string) []string {
	var out []string
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func indicatorRow(in yusuan.Indicator) map[string]any {
	return map[string]any{"level1": in.Level1, "level2": in.Level2, "name": in.Name, "target": in.Target, "measure": in.Measure}
}

// marker writes the very hidden sheet that tells a yusuan workbook.
func (w *writer) marker() {
	_, err := w.f.NewSheet(MarkerSheet)
	w.fail(err)
	w.set(MarkerSheet, "A1", Marker)
	w.fail(w.f.SetCellInt(MarkerSheet, "B1", Version))
	w.set(MarkerSheet, "A2", "此工作表由 yusuan 使用，请勿修改。")
	w.fail(w.f.SetSheetVisible(MarkerSheet, false, true))
}

// excelEpoch is day 0 of Excel's 1900 date system for dates after
// 1900-02-28 (Excel counts a 29 February 1900 that never was).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serial is the Excel date number of a day after 1900.
func serial(t time.Time) int64 {
	return int64(t.Sub(excelEpoch).Hours()/24 + 0.5)
}

// dateOf is the day of an Excel date number (its integer part).
func dateOf(n int64, date1904 bool) time.Time {
	if date1904 {
		return time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n))
	}
	if n < 61 {
		return time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n))
	}
	return excelEpoch.AddDate(0, 0, int(n))
}
