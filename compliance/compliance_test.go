package compliance

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
)

func date(t *testing.T, s string) yusuan.Date {
	t.Helper()
	d, err := yusuan.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The 20 days: the day of approval is not counted, the 20th day after it
// is the last day on time, the 21st is one day late.
func TestJudge(t *testing.T) {
	approved := date(t, "2026-03-01")
	if got := Deadline(approved).String(); got != "2026-03-21" {
		t.Fatalf("deadline = %s", got)
	}
	for _, c := range []struct {
		approved, published, today string
		status                     Status
		days                       int
		text                       string
	}{
		{"2026-03-01", "2026-03-21", "2026-04-30", OnTime, 0, "按时公开"},   // day 20
		{"2026-03-01", "2026-03-22", "2026-04-30", Late, 1, "逾期1天公开"},   // day 21
		{"2026-03-01", "2026-03-01", "2026-04-30", OnTime, 0, "按时公开"},   // the same day
		{"2026-03-01", "2026-02-27", "2026-04-30", OnTime, 0, "按时公开"},   // before the date was entered
		{"2026-03-01", "2026-04-30", "2026-05-01", Late, 40, "逾期40天公开"}, // across a month
		{"2026-03-01", "", "2026-03-21", Pending, 0, "未公开（今天截止）"},
		{"2026-03-01", "", "2026-03-11", Pending, 10, "未公开（剩10天）"},
		{"2026-03-01", "", "2026-03-22", Overdue, 1, "已逾期1天未公开"},
		{"2026-03-01", "", "2026-12-01", Overdue, 255, "已逾期255天未公开"},
		{"", "2026-03-22", "2026-12-01", NoApproval, 0, "批复日期未录入"},
		{"", "", "2026-12-01", NoApproval, 0, "批复日期未录入"},
	} {
		var a, p yusuan.Date
		if c.approved != "" {
			a = date(t, c.approved)
		}
		if c.published != "" {
			p = date(t, c.published)
		}
		s, days := Judge(a, p, date(t, c.today))
		if s != c.status || days != c.days || StatusText(s, days) != c.text {
			t.Errorf("%+v: %s %d %q", c, s, days, StatusText(s, days))
		}
	}
}

func pub(id int64, org string, version int, at string, errs, warns int) yusuan.Publication {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		panic(err)
	}
	return yusuan.Publication{ID: id, Organization: yusuan.Organization{Code: org}, Year: 2026, Kind: yusuan.DocBudget, Version: version,
		PublishedAt: t, Errors: errs, Warnings: warns}
}

// A region of five departments, one with three units: every status, the
// first version's time deciding timeliness (in China Standard Time), the
// latest version's counts and completeness, units coverage and totals.
func TestCompute(t *testing.T) {
	orgs := []yusuan.Organization{
		{Code: "001", Name: "甲局", Region: "R"}, {Code: "002", Name: "乙局", Region: "R"}, {Code: "003", Name: "丙局", Region: "R"},
		{Code: "004", Name: "丁局", Region: "R"}, {Code: "005", Name: "戊局", Region: "R"},
		{Code: "001001", Name: "甲局机关", Region: "R", Parent: "001"}, {Code: "001002", Name: "甲局中心", Region: "R", Parent: "001"},
		{Code: "001003", Name: "甲局学校", Region: "R", Parent: "001"},
	}
	ap := func(org, d string) yusuan.Approval {
		return yusuan.Approval{Organization: yusuan.Organization{Code: org}, Year: 2026, Kind: yusuan.DocBudget, ApprovedOn: date(t, d)}
	}
	in := Input{Region: "R", Year: 2026, Kind: yusuan.DocBudget, Today: date(t, "2026-04-15"), Organizations: orgs,
		Approvals: []yusuan.Approval{ap("001", "2026-03-01"), ap("002", "2026-03-01"), ap("003", "2026-03-01"), ap("004", "2026-04-01"),
			// another year and kind: not this report's
			{Organization: yusuan.Organization{Code: "005"}, Year: 2025, Kind: yusuan.DocBudget, ApprovedOn: date(t, "2025-03-01")},
			{Organization: yusuan.Organization{Code: "005"}, Year: 2026, Kind: yusuan.DocFinal, ApprovedOn: date(t, "2026-03-01")}},
		Publications: []yusuan.Publication{
			// 001: version 1 on day 20 (23:00 in China is 15:00 UTC), version 2 late: on time.
			pub(1, "001", 1, "2026-03-21T15:00:00Z", 3, 4), pub(7, "001", 2, "2026-04-02T01:00:00Z", 1, 2),
			// 002: 16:30 UTC on 21 March is 00:30 on 22 March in China: one day late.
			pub(2, "002", 1, "2026-03-21T16:30:00Z", 0, 1),
			// 005: published, no approval date.
			pub(3, "005", 1, "2026-03-05T02:00:00Z", 0, 0),
			// two of 001's three units published.
			pub(4, "001001", 1, "2026-03-10T02:00:00Z", 0, 0), pub(5, "001003", 1, "2026-03-30T02:00:00Z", 0, 0),
		},
		Completeness: map[int64]check.Completeness{
			7: {Tables: []check.RequiredTable{{Number: 1, Name: "收支总表", Present: true}, {Number: 8, Name: "政府性基金", Present: false}},
				Empty:    []check.EmptyTable{{Number: 9, Title: "国有资本经营预算支出表", Explained: true}},
				Sections: []check.RequiredSection{{Rule: "COMP-003", Title: "“三公”经费", Present: true}}},
			2: {Tables: []check.RequiredTable{{Number: 1, Name: "收支总表", Present: true}},
				Empty: []check.EmptyTable{{Number: 9, Title: "国有资本经营预算支出表", Explained: false}}},
		},
	}
	in.Publications[1].Latest = true
	rep := Compute(in)
	if len(rep.Rows) != 5 {
		t.Fatalf("%d rows, want the 5 departments", len(rep.Rows))
	}
	want := []struct {
		code, status, published string
	}{
		{"001", "按时公开", "2026-03-21"},
		{"002", "逾期1天公开", "2026-03-22"},
		{"003", "已逾期25天未公开", ""},
		{"004", "未公开（剩6天）", ""},
		{"005", "批复日期未录入", "2026-03-05"},
	}
	for i, w := range want {
		r := rep.Rows[i]
		if r.Organization.Code != w.code || r.StatusText != w.status || r.PublishedOn.String() != w.published {
			t.Errorf("row %d = %s %q %s, want %+v", i, r.Organization.Code, r.StatusText, r.PublishedOn, w)
		}
	}
	a := rep.Rows[0]
	if a.Latest == nil || a.Latest.ID != 7 || a.Latest.Errors != 1 || a.Deadline.String() != "2026-03-21" {
		t.Errorf("001 latest = %+v, deadline %s", a.Latest, a.Deadline)
	}
	if c := a.Completeness; c == nil || c.TablesRequired != 2 || c.TablesPresent != 1 || c.EmptyTables != 1 || c.EmptyExplained != 1 ||
		c.SectionsPresent != 1 || c.Percent != 75 || strings.Join(c.Missing, ",") != "缺表8《政府性基金》" {
		t.Errorf("001 completeness = %+v", c)
	}
	if u := a.Units; u.Total != 3 || u.Published != 2 || strings.Join(u.Missing, ",") != "甲局中心" {
		t.Errorf("001 units = %+v", u)
	}
	if c := rep.Rows[1].Completeness; c == nil || c.Percent != 50 || strings.Join(c.Missing, ",") != "表9《国有资本经营预算支出表》空表无说明" {
		t.Errorf("002 completeness = %+v", c)
	}
	if rep.Rows[2].Latest != nil || rep.Rows[2].Completeness != nil || rep.Rows[2].DaysLate != 25 || rep.Rows[3].DaysLeft != 6 {
		t.Errorf("unpublished rows: %+v %+v", rep.Rows[2], rep.Rows[3])
	}
	tot := rep.Totals
	if tot.Organizations != 5 || tot.OnTime != 1 || tot.Late != 1 || tot.Overdue != 1 || tot.Pending != 1 || tot.NoApproval != 1 ||
		tot.Published != 3 || tot.AverageCompleteness != 62.5 || tot.Units != 3 || tot.UnitsPublished != 2 || tot.Errors != 1 || tot.Warnings != 3 {
		t.Errorf("totals = %+v", tot)
	}

	Sort(rep.Rows, "status", false)
	if got := codes(rep.Rows); got != "003 002 005 004 001" {
		t.Errorf("by status: %s", got)
	}
	Sort(rep.Rows, "completeness", true)
	if got := codes(rep.Rows); got != "001 002 003 004 005" {
		t.Errorf("by completeness, descending: %s (unpublished last)", got)
	}
	Sort(rep.Rows, "approved", false)
	if got := codes(rep.Rows); got != "001 002 003 004 005" {
		t.Errorf("by approval date: %s", got)
	}
	Sort(rep.Rows, "published", true)
	if got := codes(rep.Rows); got != "002 001 005 003 004" {
		t.Errorf("by publication date, descending: %s", got)
	}
	Sort(rep.Rows, "name", false)
	if got := codes(rep.Rows); got != "003 004 001 005 002" { // 丙 丁 甲 戊 乙: by pinyin
		t.Errorf("by name: %s", got)
	}
}

func codes(rows []Row) string {
	var s []string
	for _, r := range rows {
		s = append(s, r.Organization.Code)
	}
	return strings.Join(s, " ")
}

func compileExample(t *testing.T) (*yusuan.Document, *yusuan.Profile) {
	t.Helper()
	b, err := budgetfile.Load("../examples/zhengzhou-2021-gov-office/budget.yaml", catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Load("zhengzhou-2021")
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
	return doc, p
}

// Completeness of the bundled example, then with a table dropped and an
// empty table with and without its 空表说明: it agrees with the COMP
// findings of the same document.
func TestCompletenessOfExample(t *testing.T) {
	doc, p := compileExample(t)
	ctx := check.Context{Profile: p}
	c := summarize(check.CompletenessOf(doc, ctx))
	// 12 numbered tables, 表5 in two parts (by function, by economic class).
	if c.TablesRequired != 13 || c.TablesPresent != 13 || c.Percent != 100 || len(c.Missing) != 0 {
		t.Fatalf("example: %+v", c)
	}
	// 表9 国有资本经营预算支出情况表 is empty in the example; its note
	// explains it. Without the note, and without the narrative naming it,
	// it is an empty table without a reason.
	var gov *yusuan.Table
	for i := range doc.Tables {
		if doc.Tables[i].Kind == yusuan.KindStateCapital {
			gov = &doc.Tables[i]
		}
	}
	if gov == nil || c.EmptyTables == 0 {
		t.Fatalf("the example has no empty 国有资本经营 table: %+v", c)
	}
	for _, x := range check.CompletenessOf(doc, ctx).Empty {
		if x.Kind == yusuan.KindStateCapital && !x.Explained {
			t.Fatalf("the example's empty table is not explained: %+v (note %q)", x, gov.Note)
		}
	}
	gov.Note = ""
	for i := range doc.Narrative {
		for j := range doc.Narrative[i].Paragraphs {
			doc.Narrative[i].Paragraphs[j] = strings.NewReplacer("国有资本经营", "", "国有资本", "").Replace(doc.Narrative[i].Paragraphs[j])
		}
	}
	doc.Tables = append(doc.Tables[:0:0], doc.Tables...)
	var kept []yusuan.Table
	for _, tb := range doc.Tables {
		if tb.Kind != yusuan.KindThreePublic {
			kept = append(kept, tb)
		}
	}
	doc.Tables = kept
	cc := check.CompletenessOf(doc, ctx)
	c = summarize(cc)
	if c.TablesPresent != c.TablesRequired-1 || c.EmptyExplained != c.EmptyTables-1 || c.Percent >= 100 {
		t.Errorf("dropped and unexplained: %+v", c)
	}
	fs := check.Check(doc, ctx)
	count := func(rule string) (n int) {
		for _, f := range fs {
			if f.Rule == rule {
				n++
			}
		}
		return n
	}
	missingSections := 0
	for _, s := range cc.Sections {
		if !s.Present {
			missingSections++
		}
	}
	if count("COMP-001") != c.TablesRequired-c.TablesPresent || count("COMP-002") != c.EmptyTables-c.EmptyExplained {
		t.Errorf("findings COMP-001 %d, COMP-002 %d; completeness %+v", count("COMP-001"), count("COMP-002"), c)
	}
	comp := 0
	for _, id := range []string{"COMP-003", "COMP-004", "COMP-005", "COMP-006", "COMP-007", "COMP-008", "COMP-009"} {
		comp += count(id)
	}
	if comp != missingSections {
		t.Errorf("%d section findings, %d sections missing", comp, missingSections)
	}
}

// The CSV opens in Excel: a BOM, a header, one row per department, and a
// name that starts like a formula is kept as text.
func TestWriteCSV(t *testing.T) {
	rep := Compute(Input{Region: "R", Year: 2026, Today: date(t, "2026-04-15"),
		Organizations: []yusuan.Organization{{Code: "001", Name: "=HYPERLINK(\"http://x\")", Region: "R"}, {Code: "002", Name: "@乙局", Region: "R"},
			{Code: "003", Name: "-丙", Region: "R"}, {Code: "004", Name: "+丁", Region: "R"}, {Code: "005", Name: "戊局", Region: "R"}},
		Approvals: []yusuan.Approval{{Organization: yusuan.Organization{Code: "005"}, Year: 2026, Kind: yusuan.DocBudget, ApprovedOn: date(t, "2026-03-01")}},
	})
	var b bytes.Buffer
	if err := WriteCSV(&b, rep); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("\xef\xbb\xbf单位编码,单位名称,年度")) || !bytes.Contains(b.Bytes(), []byte("\r\n")) {
		t.Fatalf("start: %q", b.String()[:40])
	}
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 || len(recs[1]) != len(CSVHeader) {
		t.Fatalf("%d records of %d cells", len(recs), len(recs[1]))
	}
	for i, want := range []string{`'=HYPERLINK("http://x")`, "'@乙局", "'-丙", "'+丁", "戊局"} {
		if recs[i+1][1] != want {
			t.Errorf("name %d = %q, want %q", i, recs[i+1][1], want)
		}
	}
	if r := recs[5]; r[4] != "2026-03-01" || r[5] != "2026-03-21" || r[7] != "已逾期25天未公开" || r[8] != "25" {
		t.Errorf("row = %q", r)
	}
}
