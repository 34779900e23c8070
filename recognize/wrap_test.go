package recognize_test

import (
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/read/pdf"
	"github.com/yusuan/yusuan/recognize"
)

// word places a word the way pdftotext reports it: x from the left, y
// from the top, 12 points high.
func word(x0, x1, y float64, text string) pdf.Word {
	return pdf.Word{X0: x0, X1: x1, Y0: y, Y1: y + 12, Text: text}
}

// TestWrappedNamesAndPageBreaks lays out a Shanghai 支出预算总表 whose long
// names wrap in their cells (the amounts centered between the two lines)
// and which continues on a second page without its header.
func TestWrappedNamesAndPageBreaks(t *testing.T) {
	header := []pdf.Word{
		word(320, 520, 80, "2026年部门支出预算总表"),
		word(60, 260, 110, "编制部门：上海市某某区某某局"),
		word(730, 778, 110, "单位：元"),
		word(226, 250, 140, "项目"), word(560, 608, 140, "支出预算"),
		word(70, 166, 165, "功能分类科目编码"),
		word(242, 338, 177, "功能分类科目名称"), word(444, 468, 177, "合计"), word(560, 608, 177, "基本支出"), word(680, 728, 177, "项目支出"),
		word(80, 92, 190, "类"), word(114, 126, 190, "款"), word(148, 160, 190, "项"),
	}
	page1 := append(header,
		word(76, 94, 215, "201"), word(172, 268, 215, "一般公共服务支出"),
		word(420, 500, 215, "1,000,000.00"), word(540, 620, 215, "400,000.00"), word(660, 740, 215, "600,000.00"),
		// 201 03 99 其他政府办公厅（室）及相关机构事务支出, wrapped after 事务.
		word(172, 400, 234, "其他政府办公厅（室）及相关机构事务"),
		word(76, 94, 240, "201"), word(114, 126, 240, "03"), word(148, 160, 240, "99"),
		word(420, 500, 240, "1,000,000.00"), word(540, 620, 240, "400,000.00"), word(660, 740, 240, "600,000.00"),
		word(172, 196, 246, "支出"),
	)
	page2 := []pdf.Word{
		word(76, 94, 60, "221"), word(172, 244, 60, "住房保障支出"),
		word(432, 500, 60, "50,000.00"), word(552, 620, 60, "50,000.00"),
		word(230, 254, 85, "合计"),
		word(420, 500, 85, "1,050,000.00"), word(540, 620, 85, "450,000.00"), word(660, 740, 85, "600,000.00"),
	}
	l := pdf.Layout("wrapped.pdf", []pdf.Page{{Width: 842, Height: 595, Words: page1}, {Width: 842, Height: 595, Words: page2}})
	p, err := profile.Load("shanghai-2025")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(2026)
	if err != nil {
		t.Fatal(err)
	}
	res, err := recognize.Recognize(l, p, cat)
	if err != nil {
		t.Fatal(err)
	}
	tb := res.Doc.Table(yusuan.KindExpenditure)
	if tb == nil {
		t.Fatal("no expenditure table")
	}
	want := []struct {
		code, name         string
		total, basic, proj yusuan.Amount
	}{
		{"201", "一般公共服务支出", yusuan.Yuan(1000000), yusuan.Yuan(400000), yusuan.Yuan(600000)},
		{"2010399", "其他政府办公厅（室）及相关机构事务支出", yusuan.Yuan(1000000), yusuan.Yuan(400000), yusuan.Yuan(600000)},
		{"221", "住房保障支出", yusuan.Yuan(50000), yusuan.Yuan(50000), 0},
		{"", "合计", yusuan.Yuan(1050000), yusuan.Yuan(450000), yusuan.Yuan(600000)},
	}
	if len(tb.Rows) != len(want) {
		for _, r := range tb.Rows {
			t.Logf("%s %s %v", r.Code, r.Name, r.Cells)
		}
		t.Fatalf("%d rows, want %d", len(tb.Rows), len(want))
	}
	for i, w := range want {
		r := tb.Rows[i]
		if r.Code != w.code || r.Name != w.name || r.Amount("total") != w.total || r.Amount("basic") != w.basic || r.Amount("project") != w.proj {
			t.Errorf("row %d: %s %s %s/%s/%s, want %+v", i, r.Code, r.Name, r.Amount("total"), r.Amount("basic"), r.Amount("project"), w)
		}
	}
	if src := tb.Rows[2].Sources["total"]; src.Page != 2 {
		t.Errorf("row on page 2 sourced at %v", src)
	}
}
