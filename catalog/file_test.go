package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	yusuan "github.com/yusuan/yusuan"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func utf16le(t *testing.T, s string) []byte {
	t.Helper()
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLoadFileCSV(t *testing.T) {
	base := mustLoad(t, 2021)
	baseLen := base.Functional.Len()
	baseMaps := len(base.Mappings)

	const full = "# source: 财政部《2021年政府收支分类科目》 (test copy)\n" +
		"# completeness: complete\n" +
		"scheme,code,name\n" +
		"functional,2011409,知识产权宏观管理\n" +
		"functional,20140,信访事务\n" +
		"functional,2014001,行政运行\n" +
		"functional,2010301,行政运行\n" +
		"econ,30311,代缴社会保险费（改名）\n" +
		"\n" +
		"econ,gov_econ,kinds\n" +
		"30213,50201,administrative\n" +
		"30101,50101,administrative\n"

	tests := []struct {
		name    string
		file    string
		data    []byte
		base    *yusuan.Catalog
		wantErr []string // substrings of the error, all required
		check   func(t *testing.T, c *yusuan.Catalog)
	}{
		{
			name: "merge utf8", file: "cat.csv", data: []byte(full), base: base,
			check: func(t *testing.T, c *yusuan.Catalog) {
				if n, _ := c.Functional.Name("2011409"); n != "知识产权宏观管理" {
					t.Errorf("2011409 = %q", n)
				}
				if !c.Functional.Has("2014001") || !c.Functional.Has("2050802") {
					t.Error("merge lost or did not add codes")
				}
				if n, _ := c.Econ.Name("30311"); n != "代缴社会保险费（改名）" {
					t.Errorf("30311 = %q, want the file's name", n)
				}
				if !c.MappingAllowed("30213", "50201", yusuan.UnitAdministrative) || c.MappingAllowed("30213", "50201", yusuan.UnitInstitution) {
					t.Error("file mapping 30213 → 50201 not applied")
				}
				// The file's pair replaces the base pair (administrative|civil_service).
				if c.MappingAllowed("30101", "50101", yusuan.UnitCivilService) {
					t.Error("file pair 30101 → 50101 did not replace the base pair")
				}
				if len(c.Mappings) != baseMaps+1 {
					t.Errorf("%d mappings, want %d", len(c.Mappings), baseMaps+1)
				}
				if !strings.Contains(c.Functional.Source, "cat.csv") || !strings.Contains(c.Functional.Source, "test copy") {
					t.Errorf("source = %q", c.Functional.Source)
				}
				if !strings.Contains(c.Functional.Completeness, "complete") {
					t.Errorf("completeness = %q", c.Functional.Completeness)
				}
				if c.GovEcon.Source != base.GovEcon.Source {
					t.Errorf("untouched gov_econ source changed: %q", c.GovEcon.Source)
				}
				if c.Year != 2021 || c.Functional.Edition != 2021 {
					t.Errorf("year/edition = %d/%d", c.Year, c.Functional.Edition)
				}
			},
		},
		{
			name: "utf8 bom and crlf", file: "bom.csv", base: base,
			data: []byte("\ufeffscheme,code,name\r\nfunctional,2011409,知识产权宏观管理\r\n"),
			check: func(t *testing.T, c *yusuan.Catalog) {
				if !c.Functional.Has("2011409") {
					t.Error("2011409 missing")
				}
			},
		},
		{
			name: "gb18030", file: "gbk.csv", base: base,
			data: gb18030(t, "scheme,code,name\nfunctional,2011409,知识产权宏观管理\n"),
			check: func(t *testing.T, c *yusuan.Catalog) {
				if n, _ := c.Functional.Name("2011409"); n != "知识产权宏观管理" {
					t.Errorf("2011409 = %q", n)
				}
			},
		},
		{
			name: "utf16 tab separated", file: "u16.txt", base: base,
			data: utf16le(t, "scheme\tcode\tname\r\nfunctional\t2011409\t知识产权宏观管理\r\n"),
			check: func(t *testing.T, c *yusuan.Catalog) {
				if !c.Functional.Has("2011409") {
					t.Error("2011409 missing")
				}
			},
		},
		{
			name: "chinese headers and schemes, extra column", file: "zh.csv", base: base,
			data: []byte("分类,科目编码,科目名称,说明\n支出功能分类,2011409,知识产权宏观管理,新增\n部门预算经济分类,30115,测试款,x\n"),
			check: func(t *testing.T, c *yusuan.Catalog) {
				if !c.Functional.Has("2011409") || !c.Econ.Has("30115") {
					t.Error("rows not applied")
				}
			},
		},
		{
			name: "nil base", file: "small.csv", base: nil,
			data:    []byte("scheme,code,name\nfunctional,201,一般公共服务支出\neconom,,\n"),
			wantErr: []string{"small.csv:3: 未知的分类 \"econom\""},
		},
		{
			name: "nil base ok", file: "small.csv", base: nil,
			data: []byte("scheme,code,name\nfunctional,201,一般公共服务支出\necon,301,工资福利支出\necon,30101,基本工资\ngov_econ,501,机关工资福利支出\ngov_econ,50101,工资奖金津补贴\necon,gov_econ,kinds\n30101,50101,行政|参公\n"),
			check: func(t *testing.T, c *yusuan.Catalog) {
				if c.Functional.Len() != 1 || c.Econ.Len() != 2 || len(c.Mappings) != 1 {
					t.Errorf("got %d/%d/%d", c.Functional.Len(), c.Econ.Len(), len(c.Mappings))
				}
				if !c.MappingAllowed("30101", "50101", yusuan.UnitCivilService) {
					t.Error("Chinese kind names not understood")
				}
				if !strings.HasPrefix(c.Functional.Source, "file ") || !strings.HasSuffix(c.Functional.Source, "small.csv") {
					t.Errorf("source = %q", c.Functional.Source)
				}
			},
		},
		{
			name: "bad code", file: "bad.csv", base: base,
			data:    []byte("scheme,code,name\nfunctional,2011409,ok\nfunctional,20114O9,letter O\nfunctional,201140,six digits\necon,3010101,seven\n"),
			wantErr: []string{`bad.csv:3: 支出功能分类编码 "20114O9" 含有数字以外的字符`, `bad.csv:4: 支出功能分类编码 "201140" 为 6 位，应为 3、5 或 7 位`, `bad.csv:5: 部门预算支出经济分类编码 "3010101" 为 7 位，应为 3 或 5 位`},
		},
		{
			name: "missing parents", file: "orphan.csv", base: base,
			data:    []byte("scheme,code,name\nfunctional,2019901,ok\nfunctional,2014101,orphan 项\ngov_econ,59801,orphan 款\n"),
			wantErr: []string{"orphan.csv:3: 支出功能分类的项 2014101 没有所属的款 20141", "orphan.csv:4: 政府预算支出经济分类的款 59801 没有所属的类 598"},
		},
		{
			name: "mapping to unknown code", file: "map.csv", base: base,
			data:    []byte("econ,gov_econ,kinds\n30101,50101,\n30101,50198,institution\n30198,50101,\n"),
			wantErr: []string{"map.csv:3: 对照 30101 → 50198：政府预算支出经济分类中没有 50198", "map.csv:4: 对照 30198 → 50101：部门预算支出经济分类中没有 30198"},
		},
		{
			name: "bad kinds and class level", file: "kinds.csv", base: base,
			data:    []byte("econ,gov_econ,kinds\n30101,50101,行政|military\n301,501,\n"),
			wantErr: []string{`kinds.csv:2: 未知的单位类型 "military"`, "kinds.csv:3: 对照 301 → 501：两个编码都应为款"},
		},
		{
			name: "no header", file: "nohdr.csv", base: base,
			data:    []byte("# source: x\nfunctional,201,一般公共服务支出\n"),
			wantErr: []string{`nohdr.csv:2: 数据之前应有表头行 “scheme,code,name” 或 “econ,gov_econ,kinds”`},
		},
		{
			name: "empty", file: "empty.csv", base: base, data: nil,
			wantErr: []string{"empty.csv: 没有科目数据"},
		},
		{
			name: "header only", file: "hdr.csv", base: base, data: []byte("scheme,code,name\n"),
			wantErr: []string{"hdr.csv: 没有科目数据"},
		},
		{
			name: "conflicting duplicate", file: "dup.csv", base: base,
			data:    []byte("scheme,code,name\nfunctional,2011409,甲\nfunctional,2011409,甲\nfunctional,2011409,乙\necon,gov_econ,kinds\n30101,50101,administrative\n30101,50101,institution\n"),
			wantErr: []string{`dup.csv:4: 支出功能分类编码 2011409 在这里名为 "乙"，在第 2 行却名为 "甲"`, "dup.csv:7: 对照 30101 → 50101 再次列出，单位类型不同（首次在第 6 行）"},
		},
		{
			name: "no name", file: "noname.csv", base: base,
			data:    []byte("scheme,code,name\nfunctional,2011409,\u3000\nfunctional,2011410\n"),
			wantErr: []string{"noname.csv:2: 支出功能分类编码 2011409 没有名称", "noname.csv:3: 支出功能分类编码 2011410 没有名称"},
		},
		{
			name: "csv syntax", file: "quote.csv", base: base,
			data:    []byte("scheme,code,name\nfunctional,2011409,\"unterminated\n"),
			wantErr: []string{"quote.csv:2: CSV 格式错误："},
		},
		{
			name: "code,name needs a scheme in CSV", file: "cn.csv", base: base,
			data:    []byte("code,name\n201,一般公共服务支出\n"),
			wantErr: []string{"cn.csv:1: 数据之前应有表头行"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, tt.file, tt.data)
			c, err := LoadFile(p, tt.base)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatal("no error")
				}
				msg := strings.ReplaceAll(err.Error(), filepath.Dir(p)+string(filepath.Separator), "")
				for _, w := range tt.wantErr {
					if !strings.Contains(msg, w) {
						t.Errorf("error\n%s\nwant it to contain\n%s", msg, w)
					}
				}
				if c != nil {
					t.Error("catalog returned with an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := Validate(c); err != nil {
				t.Fatalf("result invalid: %v", err)
			}
			tt.check(t, c)
		})
	}
	if base.Functional.Len() != baseLen || len(base.Mappings) != baseMaps || base.Functional.Has("2011409") {
		t.Error("LoadFile modified the base catalog")
	}
	if !base.MappingAllowed("30101", "50101", yusuan.UnitCivilService) {
		t.Error("LoadFile modified a base mapping")
	}
}

func TestLoadFileErrorsBeforeReading(t *testing.T) {
	tests := []struct {
		file    string
		data    []byte
		wantErr string
	}{
		{"old.xls", []byte("\xd0\xcf\x11\xe0"), "不支持旧版 .xls 工作簿"},
		{"fake.xlsx", []byte("scheme,code,name\n"), "不是 XLSX 工作簿"},
		{"broken.xlsx", []byte("PK\x03\x04garbage"), "无法读取 XLSX 工作簿"},
	}
	for _, tt := range tests {
		p := writeFile(t, tt.file, tt.data)
		if _, err := LoadFile(p, nil); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: error = %v, want %q", tt.file, err, tt.wantErr)
		}
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "missing.csv"), nil); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: error = %v", err)
	}
}

// xlsxFile writes a workbook whose sheets hold the given rows.
func xlsxFile(t *testing.T, sheets []string, rows map[string][][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s); err != nil {
			t.Fatal(err)
		}
		for r, row := range rows[s] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if row == nil {
				continue
			}
			if err := f.SetSheetRow(s, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := filepath.Join(t.TempDir(), "catalog.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadFileXLSX(t *testing.T) {
	base := mustLoad(t, 2021)
	tests := []struct {
		name    string
		sheets  []string
		rows    map[string][][]any
		wantErr []string
		check   func(t *testing.T, c *yusuan.Catalog)
	}{
		{
			name:   "sheets per scheme and map",
			sheets: []string{"说明", "functional", "econ", "map"},
			rows: map[string][][]any{
				"说明":         {{"# source: 财政部 2021 (test workbook)"}, {"# completeness: test"}},
				"functional": {{"code", "name"}, {2011409, "知识产权宏观管理"}, nil, {"20140", "信访事务"}, {"2014001", "行政运行"}},
				"econ":       {{"科目编码", "科目名称"}, {"30115", "测试款"}},
				"map":        {{"econ", "gov_econ", "kinds"}, {"30213", "50201", "administrative|civil_service"}},
			},
			check: func(t *testing.T, c *yusuan.Catalog) {
				for _, code := range []string{"2011409", "20140", "2014001"} {
					if !c.Functional.Has(code) {
						t.Errorf("functional %s missing", code)
					}
				}
				if n, _ := c.Econ.Name("30115"); n != "测试款" {
					t.Errorf("econ 30115 = %q", n)
				}
				if !c.MappingAllowed("30213", "50201", yusuan.UnitCivilService) {
					t.Error("map sheet not applied")
				}
				if !strings.Contains(c.Functional.Source, "test workbook") {
					t.Errorf("source = %q", c.Functional.Source)
				}
			},
		},
		{
			name:   "one sheet with both tables",
			sheets: []string{"catalog"},
			rows: map[string][][]any{
				"catalog": {{"scheme", "code", "name"}, {"functional", "2011409", "知识产权宏观管理"}, {}, {"econ", "gov_econ", "kinds"}, {"30213", "50201", ""}},
			},
			check: func(t *testing.T, c *yusuan.Catalog) {
				if !c.Functional.Has("2011409") || !c.MappingAllowed("30213", "50201", yusuan.UnitInstitution) {
					t.Error("tables not applied")
				}
			},
		},
		{
			name:   "errors name sheet and cell",
			sheets: []string{"functional", "map"},
			rows: map[string][][]any{
				"functional": {{"code", "name"}, {"2011409", "ok"}, nil, {"20114x9", "bad"}, {"2014101", "orphan"}, {"2011410", ""}},
				"map":        {{"kinds", "econ", "gov_econ"}, {"everyone", "30101", "50101"}, {"", "30101", "50198"}},
			},
			wantErr: []string{
				`catalog.xlsx: functional!A4: 支出功能分类编码 "20114x9" 含有数字以外的字符`,
				`catalog.xlsx: functional!A5: 支出功能分类的项 2014101 没有所属的款 20141`,
				`catalog.xlsx: functional!B6: 支出功能分类编码 2011410 没有名称`,
				`catalog.xlsx: map!A2: 未知的单位类型 "everyone"`,
			},
		},
		{
			name:   "missing header",
			sheets: []string{"data"},
			rows:   map[string][][]any{"data": {nil, {"functional", "201", "一般公共服务支出"}}},
			wantErr: []string{
				`catalog.xlsx: data!A2: 数据之前应有表头行 “scheme,code,name” 或 “econ,gov_econ,kinds”`,
			},
		},
		{
			name:   "unknown gov code in map",
			sheets: []string{"map"},
			rows:   map[string][][]any{"map": {{"econ", "gov_econ"}, {"30101", "50198"}}},
			wantErr: []string{
				"catalog.xlsx: map!A2: 对照 30101 → 50198：政府预算支出经济分类中没有 50198",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := xlsxFile(t, tt.sheets, tt.rows)
			c, err := LoadFile(p, base)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatal("no error")
				}
				msg := strings.ReplaceAll(err.Error(), filepath.Dir(p)+string(filepath.Separator), "")
				for _, w := range tt.wantErr {
					if !strings.Contains(msg, w) {
						t.Errorf("error\n%s\nwant it to contain\n%s", msg, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestJoinErrorsLimit(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("scheme,code,name\n")
	for i := 0; i < 120; i++ {
		sb.WriteString("functional,x,bad\n")
	}
	_, err := loadCSV("many.csv", []byte(sb.String()), nil)
	if err == nil || !strings.Contains(err.Error(), "……另有 70 个问题") {
		t.Fatalf("error = %v", err)
	}
	if strings.Count(err.Error(), "\n") != maxErrors {
		t.Errorf("%d lines, want %d", strings.Count(err.Error(), "\n")+1, maxErrors+1)
	}
}
