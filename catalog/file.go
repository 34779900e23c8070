package catalog

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	yusuan "github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/limits"
)

// LoadFile reads a catalog file supplied by the user (typically the full
// official 政府收支分类科目 of a year) and merges it over base: codes in the
// file are added or renamed, mapping pairs in the file are added or replace
// the base pair with the same two codes. base is not modified; a nil base
// starts from an empty catalog. The result is validated as a whole.
//
// The file is CSV (UTF-8 with or without BOM, GB18030, or UTF-16 with BOM;
// comma- or tab-separated) or XLSX. It is made of tables, each starting with
// a header row:
//
//	scheme,code,name      one row per code; scheme is functional, econ or gov_econ
//	econ,gov_econ,kinds   one row per mapping pair; kinds is "|"-separated
//	                      administrative, civil_service, institution; empty = any
//
// In XLSX every sheet holds one or more such tables; a sheet named after a
// scheme (functional, econ, gov_econ) may use the header "code,name". Blank
// rows are skipped, and so are rows whose first cell starts with "#", except
// that "# source: …" and "# completeness: …" are recorded in the result.
// Errors name the file and the line (CSV) or sheet!cell (XLSX).
func LoadFile(path string, base *yusuan.Catalog) (*yusuan.Catalog, error) {
	data, err := limits.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case isZip(data):
		return loadXLSX(path, data, base)
	case ext == ".xls":
		return nil, &Error{File: path, Msg: "不支持旧版 .xls 工作簿：请另存为 .xlsx 或 CSV"}
	case ext == ".xlsx" || ext == ".xlsm":
		return nil, &Error{File: path, Msg: "不是 XLSX 工作簿（文件头不是 zip 格式）"}
	}
	return loadCSV(path, data, base)
}

func isZip(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// loadCSV reads CSV text (see LoadFile) and merges it over base.
func loadCSV(file string, data []byte, base *yusuan.Catalog) (*yusuan.Catalog, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, &Error{File: file, Msg: err.Error()}
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	t := &table{file: file}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{File: file, Line: pe.Line, Msg: "CSV 格式错误：" + csvProblem(pe.Err)}
			}
			return nil, &Error{File: file, Msg: err.Error()}
		}
		line, _ := r.FieldPos(0)
		t.rows = append(t.rows, srcRow{line: line, cells: rec})
	}
	m := newMerger(file, base)
	m.meta(text)
	m.process(t)
	return m.finish()
}

// DecodeText turns the bytes of a CSV file into UTF-8 text: a UTF-8 BOM
// is dropped, UTF-16 with a BOM is decoded, and text that is not valid
// UTF-8 is read as GB18030 (what Excel on a Chinese Windows saves). Other
// CSV readers (yusuan approval import) use it too.
func DecodeText(data []byte) (string, error) { return decodeText(data) }

func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", fmt.Errorf("无法按 UTF-16 解码文本")
		}
		return string(out), nil
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("文本既不是 UTF-8 也不是 GB18030 编码")
	}
	return string(out), nil
}

// sniffDelimiter chooses tab when the first row that is not a comment has a
// tab and no comma, and comma otherwise.
func sniffDelimiter(text string) rune {
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.Contains(line, "\t") && !strings.Contains(line, ",") {
			return '\t'
		}
		return ','
	}
	return ','
}

// loadXLSX reads an XLSX workbook (see LoadFile) and merges it over base.
func loadXLSX(file string, data []byte, base *yusuan.Catalog) (c *yusuan.Catalog, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, &Error{File: file, Msg: "无法读取 XLSX 工作簿（文件可能已损坏）"}
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    1 << 30,
		UnzipXMLSizeLimit: 256 << 20,
	})
	if err != nil {
		return nil, &Error{File: file, Msg: "无法读取 XLSX 工作簿（文件可能已损坏或加密）"}
	}
	defer f.Close()
	m := newMerger(file, base)
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			m.add(&Error{File: file, Sheet: sheet, Msg: "无法读取这张工作表"})
			continue
		}
		t := &table{file: file, sheet: sheet}
		for i, cells := range rows {
			t.rows = append(t.rows, srcRow{line: i + 1, cells: cells})
		}
		m.process(t)
	}
	return m.finish()
}

// table is the rows of one CSV file or one XLSX sheet.
type table struct {
	file  string
	sheet string // "" for CSV
	rows  []srcRow
}

type srcRow struct {
	line  int // 1-based line (CSV) or row (XLSX)
	cells []string
}

// at returns the position of a cell (col is 0-based) for error messages.
func (t *table) at(r srcRow, col int, msg string) *Error {
	e := &Error{File: t.file, Line: r.line, Msg: msg}
	if t.sheet != "" {
		e.Sheet = t.sheet
		if name, err := excelize.CoordinatesToCellName(col+1, r.line); err == nil {
			e.Cell = name
		} else {
			e.Cell = fmt.Sprintf("R%dC%d", r.line, col+1)
		}
	}
	return e
}

// headerKind is what a header row introduces.
type headerKind int

const (
	noHeader      headerKind = iota
	codesHeader              // scheme,code,name
	impliedHeader            // code,name (scheme from the sheet name)
	mapHeader                // econ,gov_econ[,kinds]
)

type header struct {
	kind                  headerKind
	scheme                yusuan.Scheme // for impliedHeader
	iScheme, iCode, iName int
	iEcon, iGov, iKinds   int
}

var headerAliases = map[string]string{
	"scheme": "scheme", "分类": "scheme", "科目类别": "scheme",
	"code": "code", "编码": "code", "科目编码": "code", "科目代码": "code",
	"name": "name", "名称": "name", "科目名称": "name",
	"econ": "econ", "部门预算经济分类": "econ", "部门经济分类": "econ",
	"gov_econ": "gov_econ", "gov-econ": "gov_econ", "政府预算经济分类": "gov_econ", "政府经济分类": "gov_econ",
	"kinds": "kinds", "kind": "kinds", "单位类型": "kinds", "适用单位": "kinds",
}

// detectHeader recognises a header row; sheet is the XLSX sheet name.
func detectHeader(cells []string, sheet string) (header, bool) {
	cols := map[string]int{}
	for i, c := range cells {
		key, ok := headerAliases[strings.ToLower(clean(c))]
		if !ok {
			continue
		}
		if _, dup := cols[key]; !dup {
			cols[key] = i
		}
	}
	has := func(k string) bool { _, ok := cols[k]; return ok }
	h := header{iKinds: -1}
	switch {
	case has("scheme") && has("code") && has("name"):
		h.kind, h.iScheme, h.iCode, h.iName = codesHeader, cols["scheme"], cols["code"], cols["name"]
	case has("econ") && has("gov_econ"):
		h.kind, h.iEcon, h.iGov = mapHeader, cols["econ"], cols["gov_econ"]
		if has("kinds") {
			h.iKinds = cols["kinds"]
		}
	case has("code") && has("name"):
		s, ok := parseScheme(sheet)
		if sheet == "" || !ok {
			return header{}, false
		}
		h.kind, h.scheme, h.iCode, h.iName = impliedHeader, s, cols["code"], cols["name"]
	default:
		return header{}, false
	}
	return h, true
}

// parseScheme reads a scheme name or one of its Chinese names.
func parseScheme(s string) (yusuan.Scheme, bool) {
	switch strings.ToLower(clean(s)) {
	case "functional", "功能分类", "支出功能分类", "支出功能分类科目":
		return yusuan.SchemeFunctional, true
	case "econ", "部门经济分类", "部门预算经济分类", "部门预算支出经济分类", "部门预算支出经济分类科目":
		return yusuan.SchemeEcon, true
	case "gov_econ", "gov-econ", "政府经济分类", "政府预算经济分类", "政府预算支出经济分类", "政府预算支出经济分类科目":
		return yusuan.SchemeGovEcon, true
	}
	return "", false
}

// clean trims spaces (including the ideographic space) and a BOM.
func clean(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return r == '\ufeff' || r == '\u3000' || r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\u00a0'
	})
}

func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return clean(cells[i])
}

// merger applies tables of a file to a copy of the base catalog.
type merger struct {
	file         string
	cat          *yusuan.Catalog
	pos          map[yusuan.Scheme]map[string]*Error // where each code of the file is
	names        map[yusuan.Scheme]map[string]string // name each code has in the file
	mapPos       map[[2]string]*Error
	mapKinds     map[[2]string]string
	mapIndex     map[[2]string]int
	touched      map[yusuan.Scheme]bool
	rows         int
	source, comp []string
	errs         []error
}

// errLimit stops collecting problems in a hopeless file.
const errLimit = 1000

func newMerger(file string, base *yusuan.Catalog) *merger {
	m := &merger{
		file:     file,
		cat:      cloneCatalog(base),
		pos:      map[yusuan.Scheme]map[string]*Error{},
		names:    map[yusuan.Scheme]map[string]string{},
		mapPos:   map[[2]string]*Error{},
		mapKinds: map[[2]string]string{},
		mapIndex: map[[2]string]int{},
		touched:  map[yusuan.Scheme]bool{},
	}
	for i, mp := range m.cat.Mappings {
		m.mapIndex[[2]string{mp.Econ, mp.GovEcon}] = i
	}
	return m
}

func (m *merger) add(err error) {
	if len(m.errs) < errLimit {
		m.errs = append(m.errs, err)
	}
}

func (m *merger) meta(text string) {
	s, c := metaComments([]byte(text))
	if s != "" {
		m.source = append(m.source, s)
	}
	if c != "" {
		m.comp = append(m.comp, c)
	}
}

// process applies one table (a CSV file or an XLSX sheet).
func (m *merger) process(t *table) {
	var h header
	inTable := false
	for _, r := range t.rows {
		if len(m.errs) >= errLimit {
			return
		}
		first := cell(r.cells, 0)
		if strings.HasPrefix(first, "#") {
			if t.sheet != "" {
				m.meta(first)
			}
			continue
		}
		blank := true
		for _, c := range r.cells {
			if clean(c) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		if nh, ok := detectHeader(r.cells, t.sheet); ok {
			h, inTable = nh, true
			continue
		}
		if !inTable {
			want := "表头行 “scheme,code,name” 或 “econ,gov_econ,kinds”"
			if _, ok := parseScheme(t.sheet); ok {
				want = "表头行 “code,name”、“scheme,code,name” 或 “econ,gov_econ,kinds”"
			}
			m.add(t.at(r, 0, fmt.Sprintf("数据之前应有%s，这里却是 %q", want, strings.Join(r.cells, ","))))
			return // the rest of this table cannot be read without a header
		}
		m.rows++
		switch h.kind {
		case codesHeader, impliedHeader:
			m.codeRow(t, r, h)
		case mapHeader:
			m.mapRow(t, r, h)
		}
	}
}

func (m *merger) codeRow(t *table, r srcRow, h header) {
	s := h.scheme
	if h.kind == codesHeader {
		raw := cell(r.cells, h.iScheme)
		var ok bool
		if s, ok = parseScheme(raw); !ok {
			m.add(t.at(r, h.iScheme, fmt.Sprintf("未知的分类 %q（可用 functional、econ、gov_econ）", raw)))
			return
		}
	}
	code := cell(r.cells, h.iCode)
	if err := checkCode(s, code); err != nil {
		m.add(t.at(r, h.iCode, err.Error()))
		return
	}
	name := cell(r.cells, h.iName)
	if name == "" {
		m.add(t.at(r, h.iName, fmt.Sprintf("%s编码 %s 没有名称", schemeName(s), code)))
		return
	}
	if m.pos[s] == nil {
		m.pos[s] = map[string]*Error{}
		m.names[s] = map[string]string{}
	}
	if prev, ok := m.names[s][code]; ok {
		if prev != name {
			m.add(t.at(r, h.iName, fmt.Sprintf("%s编码 %s 在这里名为 %q，在%s却名为 %q", schemeName(s), code, name, place(m.pos[s][code]), prev)))
		}
		return
	}
	m.names[s][code] = name
	m.pos[s][code] = t.at(r, h.iCode, "")
	m.cat.Scheme(s).Add(code, name)
	m.touched[s] = true
}

func (m *merger) mapRow(t *table, r srcRow, h header) {
	econ, gov, kinds := cell(r.cells, h.iEcon), cell(r.cells, h.iGov), cell(r.cells, h.iKinds)
	if err := checkCode(yusuan.SchemeEcon, econ); err != nil {
		m.add(t.at(r, h.iEcon, err.Error()))
		return
	}
	if err := checkCode(yusuan.SchemeGovEcon, gov); err != nil {
		m.add(t.at(r, h.iGov, err.Error()))
		return
	}
	mp, err := parseMapping(econ, gov, kinds)
	if err != nil {
		col := h.iKinds
		if len(econ) != 5 {
			col = h.iEcon
		} else if len(gov) != 5 {
			col = h.iGov
		}
		m.add(t.at(r, col, err.Error()))
		return
	}
	key := [2]string{econ, gov}
	if p, ok := m.mapPos[key]; ok {
		if canonKinds(mp.Kinds) != m.mapKinds[key] {
			m.add(t.at(r, h.iKinds, fmt.Sprintf("对照 %s → %s 再次列出，单位类型不同（首次在%s）", econ, gov, place(p))))
		}
		return
	}
	m.mapPos[key] = t.at(r, h.iEcon, "")
	m.mapKinds[key] = canonKinds(mp.Kinds)
	addMapping(m.cat, m.mapIndex, mp)
}

func canonKinds(ks []yusuan.UnitKind) string {
	seen := map[yusuan.UnitKind]bool{}
	for _, k := range ks {
		seen[k] = true
	}
	var out []string
	for _, k := range []yusuan.UnitKind{yusuan.UnitAdministrative, yusuan.UnitCivilService, yusuan.UnitInstitution} {
		if seen[k] {
			out = append(out, string(k))
		}
	}
	return strings.Join(out, "|")
}

// place renders a position without its message.
func place(e *Error) string {
	if e == nil {
		return "?"
	}
	if e.Sheet != "" {
		return e.Sheet + "!" + e.Cell
	}
	return fmt.Sprintf("第 %d 行", e.Line)
}

// finish validates the merged catalog and records where its content is from.
func (m *merger) finish() (*yusuan.Catalog, error) {
	if m.rows == 0 && len(m.errs) == 0 {
		return nil, &Error{File: m.file, Msg: "没有科目数据：文件需要表头行（“scheme,code,name” 或 “econ,gov_econ,kinds”）和其后的数据行"}
	}
	where := func(s yusuan.Scheme, code string) *Error {
		if s == "" {
			if strings.HasPrefix(code, "map:") {
				econ, gov, _ := strings.Cut(strings.TrimPrefix(code, "map:"), ">")
				if p, ok := m.mapPos[[2]string{econ, gov}]; ok {
					return p
				}
			}
			return &Error{File: m.file} // from the base catalog
		}
		if p, ok := m.pos[s][code]; ok {
			return p
		}
		return &Error{File: m.file} // from the base catalog
	}
	// Whole-catalog problems are reported together with the row problems
	// (a 项 whose 款 row was rejected is reported as well).
	m.errs = append(m.errs, validate(m.cat, where)...)
	if len(m.errs) > 0 {
		return nil, joinErrors(m.errs)
	}
	desc := "file " + m.file
	if len(m.source) > 0 {
		desc += " (source: " + strings.Join(m.source, " ") + ")"
	}
	compDesc := "as given in " + m.file
	if len(m.comp) > 0 {
		compDesc = m.file + ": " + strings.Join(m.comp, " ")
	}
	for _, sf := range schemeFiles {
		if !m.touched[sf.scheme] {
			continue
		}
		cl := m.cat.Scheme(sf.scheme)
		cl.Source = joinNote(cl.Source, desc)
		cl.Completeness = joinNote(cl.Completeness, compDesc)
	}
	return m.cat, nil
}

func joinNote(base, add string) string {
	if base == "" {
		return add
	}
	return base + " + merged with " + add
}

// cloneCatalog deep-copies c (nil: an empty catalog).
func cloneCatalog(c *yusuan.Catalog) *yusuan.Catalog {
	out := &yusuan.Catalog{}
	if c != nil {
		out.Year = c.Year
	}
	for _, sf := range schemeFiles {
		var src *yusuan.Classification
		if c != nil {
			src = c.Scheme(sf.scheme)
		}
		edition := 0
		if src != nil {
			edition = src.Edition
		}
		cl := yusuan.NewClassification(sf.scheme, edition)
		if src != nil {
			cl.Source, cl.Completeness = src.Source, src.Completeness
			for _, code := range src.Codes() {
				name, _ := src.Name(code)
				cl.Add(code, name)
			}
		}
		setScheme(out, sf.scheme, cl)
	}
	if c != nil {
		for _, mp := range c.Mappings {
			mp.Kinds = append([]yusuan.UnitKind(nil), mp.Kinds...)
			out.Mappings = append(out.Mappings, mp)
		}
	}
	return out
}

// csvProblem says in Chinese what encoding/csv found wrong.
func csvProblem(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return "引号不配对"
	case errors.Is(err, csv.ErrBareQuote):
		return "字段中间有未成对的引号"
	case errors.Is(err, csv.ErrFieldCount):
		return "字段数与表头不同"
	}
	return "无法解析"
}
