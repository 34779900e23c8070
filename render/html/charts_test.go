package html_test

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/render/html"
	"github.com/yusuan/yusuan/render/internal/testdoc"
)

type chartData struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Type   string   `json:"type"`
	Labels []string `json:"labels"`
	Shares []string `json:"shares"`
	Series []struct {
		Values []float64 `json:"values"`
	} `json:"series"`
}

// chartsOf reads the chart data a page carries.
func chartsOf(t *testing.T, page string) []chartData {
	t.Helper()
	m := regexp.MustCompile(`window\.YUSUAN_CHARTS=(.*?);</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no chart data on the page")
	}
	var cs []chartData
	if err := json.Unmarshal([]byte(m[1]), &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

func chartTitled(t *testing.T, cs []chartData, title string) chartData {
	t.Helper()
	for _, c := range cs {
		if c.Title == title {
			return c
		}
	}
	t.Fatalf("no chart %q", title)
	return chartData{}
}

// TestPieSharesAreTheNarratives: the function pie prints each share as
// the narrative prints it (住房公积金 5.17%, where a largest-remainder
// rounding gives 5.18%).
func TestPieSharesAreTheNarratives(t *testing.T) {
	page := renderExample(t)
	doc, _ := testdoc.Example(t)
	var narrative strings.Builder
	for _, s := range doc.Narrative {
		for _, p := range s.Paragraphs {
			narrative.WriteString(p)
		}
	}
	c := chartTitled(t, chartsOf(t, page), "支出按功能分类")
	if len(c.Shares) != len(c.Labels) {
		t.Fatalf("%d shares for %d slices", len(c.Shares), len(c.Labels))
	}
	checked := 0
	for i, l := range c.Labels {
		name := strings.Fields(l)[1]
		m := regexp.MustCompile(regexp.QuoteMeta(name) + `支出[0-9.]+万元，占([0-9.]+)%`).FindStringSubmatch(narrative.String())
		if m == nil {
			continue
		}
		checked++
		if c.Shares[i] != m[1] {
			t.Errorf("%s: the chart prints %s%%, the narrative %s%%", name, c.Shares[i], m[1])
		}
	}
	if checked < 5 {
		t.Errorf("only %d slices found in the narrative", checked)
	}
	if !strings.Contains(page, "占比</th>") {
		t.Error("the pie's data table has no 占比 column")
	}
}

// TestThreePublicChartKeepsTheHierarchy: 公务用车费 stays with its parts
// under it, and no label carries the table's numbering.
func TestThreePublicChartKeepsTheHierarchy(t *testing.T) {
	c := chartTitled(t, chartsOf(t, renderExample(t)), "“三公”经费")
	want := []string{"因公出国（境）费用", "公务接待费", "公务用车费", "其中：公务用车运行维护费", "其中：公务车购置"}
	if strings.Join(c.Labels, "|") != strings.Join(want, "|") {
		t.Errorf("labels %q, want %q", c.Labels, want)
	}
	if v := c.Series[0].Values; len(v) == len(want) && v[2] != v[3]+v[4] {
		t.Errorf("公务用车费 %v is not the sum of its parts %v + %v", v[2], v[3], v[4])
	}
}

// TestNoInternalKeysAsLabels: every chart label is Chinese a reader
// understands, never a measure key (three_public.vehicle, general_public).
func TestNoInternalKeysAsLabels(t *testing.T) {
	key := regexp.MustCompile(`^[a-z0-9_.:]+$`)
	for _, page := range []string{renderExample(t), func() string {
		doc, p := testdoc.Example(t)
		d := testdoc.Clone(doc)
		// A narrative figure whose measure has no title must not become
		// a label.
		for si := range d.Narrative {
			for fi := range d.Narrative[si].Figures {
				if f := &d.Narrative[si].Figures[fi]; f.Ref == "procurement" {
					f.Ref = "procurement_unknown_key"
				}
			}
		}
		out, err := html.Render(d, p)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}()} {
		for _, c := range chartsOf(t, page) {
			for _, l := range c.Labels {
				if key.MatchString(l) {
					t.Errorf("chart %s has the internal key %q as a label", c.Title, l)
				}
			}
		}
	}
}

// TestContentsNumbersTablesAsTheProfile: the 目录 and the captions name
// tables 附表1…附表12 as the profile numbers them (the seven project
// tables are all 附表12), not 1–19 by position.
func TestContentsNumbersTablesAsTheProfile(t *testing.T) {
	page := renderExample(t)
	toc := page[strings.Index(page, `<nav class="toc"`):strings.Index(page, `</nav>`)]
	if !strings.Contains(toc, `<ol class="tables">`) || !strings.Contains(page, ".toc ol.tables { list-style: none;") {
		t.Error("the table list is numbered by position")
	}
	if n := strings.Count(toc, ">附表12 "); n != 7 {
		t.Errorf("目录 lists 附表12 %d times, want the 7 project tables", n)
	}
	if strings.Contains(toc, "附表13") {
		t.Error("目录 numbers past the profile's 12 tables")
	}
	if n := strings.Count(page, `<span class="label">附表`); n != 19 {
		t.Errorf("%d captions carry 附表N, want 19", n)
	}
}

// TestEmptyTablesPrintTheirHeader: an empty table shows its header and,
// under it, the note that says why it is empty.
func TestEmptyTablesPrintTheirHeader(t *testing.T) {
	page := renderExample(t)
	doc, _ := testdoc.Example(t)
	n := 0
	for i, tb := range doc.Tables {
		if len(tb.Rows) > 0 {
			continue
		}
		n++
		id := `<section id="table-` + strconv.Itoa(i+1) + `"`
		at := strings.Index(page, id)
		if at < 0 {
			t.Fatalf("no section for table %d", i+1)
		}
		sec := page[at:]
		sec = sec[:strings.Index(sec, "</section>")]
		for _, want := range []string{"<thead>", ">基本支出<", ">项目支出<", ">合计<", `class="empty" colspan="`, tb.Note} {
			if !strings.Contains(sec, want) {
				t.Errorf("empty table %q lacks %q", tb.Title, want)
			}
		}
	}
	if n == 0 {
		t.Fatal("the example has no empty table")
	}
}

// TestFiguresKeepTheirUnits: in the narrative a figure and its unit are
// joined by a no-break space, so no line ends with "9662" and starts
// with "万元".
func TestFiguresKeepTheirUnits(t *testing.T) {
	page := renderExample(t)
	if m := regexp.MustCompile(`[0-9] (万元|元|%|人|辆)`).FindString(page[strings.Index(page, `<section id="part-1"`):]); m != "" {
		t.Errorf("a figure and its unit are joined by a breaking space: %q", m)
	}
	if !strings.Contains(page, "9662\u00a0万元") {
		t.Error("9662 万元 is not kept together")
	}
	if !strings.Contains(page, "line-break: strict") {
		t.Error("the narrative does not ask for strict (Chinese) line breaking")
	}
}
