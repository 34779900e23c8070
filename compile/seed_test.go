package compile_test

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
)

const example = "../examples/zhengzhou-2021-gov-office/budget.yaml"

func compileExample(t testing.TB) *yusuan.Document {
	t.Helper()
	b, err := budgetfile.Load(example, catalog.Load)
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
	return doc
}

var tags = regexp.MustCompile(`<[^>]+>|\s+`)

// norm compares text the way a reader does: no markup, no whitespace.
func norm(s string) string { return tags.ReplaceAllString(s, "") }

// printed reads testdata/seed/printed.tsv: what the seed prints, cell by
// cell, transcribed from the seed text by testdata/seed/transcribe.py.
func printed(t *testing.T) map[string]string {
	f, err := os.Open("../testdata/seed/printed.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		p := strings.Split(line, "\t")
		if len(p) != 5 {
			t.Fatalf("bad printed.tsv line %q", line)
		}
		m[p[0]+"/"+p[2]+"/"+p[3]] = p[4]
	}
	return m
}

// compiled flattens the compiled document into the same keys as printed.tsv.
func compiled(doc *yusuan.Document) map[string]string {
	m := map[string]string{}
	amt := func(v yusuan.Value) string {
		if v.IsText {
			return norm(v.Text)
		}
		return v.Num.String()
	}
	for _, t := range doc.Tables {
		n := fmt.Sprint(t.Number)
		switch t.Kind {
		case yusuan.KindSummary, yusuan.KindFiscalSummary, yusuan.KindThreePublic:
			for _, r := range t.Rows {
				for k, v := range r.Cells {
					m[n+"/"+r.Name+"/"+k] = amt(v)
				}
			}
		case yusuan.KindGovFund, yusuan.KindStateCapital:
			m[n+"//rows"] = fmt.Sprint(len(t.Rows))
		case yusuan.KindProcurement:
			i := 0
			for _, r := range t.Rows {
				id := "合计"
				if r.Code != "" {
					i++
					id = fmt.Sprintf("%s#%d", r.Code, i)
					m[n+"/"+id+"/unit_name"] = norm(r.Name)
				}
				for k, v := range r.Cells {
					m[n+"/"+id+"/"+k] = amt(v)
				}
			}
		case yusuan.KindPerformanceDepartment:
			ind := 0
			for _, r := range t.Rows {
				switch {
				case r.Key == "indicator":
					ind++
					id := fmt.Sprintf("%s/indicator#%d/", n, ind)
					m[id+"level1"], m[id+"level2"], m[id+"name"], m[id+"target"] = norm(r.Cells["level1"].Text), norm(r.Cells["level2"].Text), norm(r.Name), norm(r.Cells["target"].Text)
				case r.Key == "task":
					m[n+"/task:"+norm(r.Name)+"/value"] = norm(r.Cells["value"].Text)
				case strings.HasPrefix(r.Key, "budget_"):
					m[n+"/"+r.Key+"/value_wan"] = trimWan(r.Cells["value"].Num)
				default:
					m[n+"/"+r.Name+"/value"] = norm(r.Cells["value"].Text)
				}
			}
		case yusuan.KindPerformanceProject:
			ind := 0
			for _, r := range t.Rows {
				if r.Key == "indicator" {
					ind++
					id := fmt.Sprintf("%s/%s|indicator#%d/", n, norm(t.Project), ind)
					m[id+"level1"], m[id+"level2"], m[id+"name"], m[id+"target"] = norm(r.Cells["level1"].Text), norm(r.Cells["level2"].Text), norm(r.Name), norm(r.Cells["target"].Text)
					continue
				}
				m[n+"/"+norm(t.Project)+"|"+r.Key+"/value"] = amt(r.Cells["value"])
			}
		default:
			for _, r := range t.Rows {
				id := r.Code
				if id == "" {
					id = "合计"
				}
				if r.GovCode != "" {
					id += ">" + r.GovCode
				}
				for k, v := range r.Cells {
					m[n+"/"+id+"/"+k] = amt(v)
				}
			}
		}
	}
	return m
}

// sameValue compares two printed cells: as amounts when both are numbers
// (150000 and 150000.00 are the same amount), as text otherwise.
func sameValue(a, b string) bool {
	x, errX := yusuan.ParseAmount(a)
	y, errY := yusuan.ParseAmount(b)
	if errX == nil && errY == nil {
		return x == y
	}
	return a == b
}

func trimWan(a yusuan.Amount) string {
	s := a.Wan(6)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// contradictions are the cells where the seed contradicts itself, so the
// compiled disclosure (which follows the facts) prints something else. Each
// is explained with its arithmetic in docs/seed-contradictions.md.
var contradictions = map[string][2]string{ // key → {seed prints, compiled prints}
	// 31002 办公设备购置 (500,000) is 资本性支出, but the seed adds it to 商品服务支出.
	"1/3、商品服务支出/expenditure": {"16396080", "15896080"},
	"1/4、资本性支出/expenditure":  {"0", "500000"},
	"4/3、商品服务支出/expenditure": {"16396080", "15896080"},
	"4/4、资本性支出/expenditure":  {"0", "500000"},
	"3/合计/goods":             {"16396080", "15896080"},
	"3/合计/capital":           {"0", "500000"},
	"3/003001/goods":         {"16396080", "15896080"},
	"3/003001/capital":       {"0", "500000"},
	"3/2010301/goods":        {"15996080", "15496080"},
	"3/2010301/capital":      {"0", "500000"},
	"5/合计/goods":             {"16396080", "15896080"},
	"5/合计/capital":           {"0", "500000"},
	"5/003001/goods":         {"16396080", "15896080"},
	"5/003001/capital":       {"0", "500000"},
	"5/2010301/goods":        {"15996080", "15496080"},
	"5/2010301/capital":      {"0", "500000"},
	"5/31002>50306/goods":    {"500000", "0"},
	"5/31002>50306/capital":  {"0", "500000"},
	// 30213 → 50201 is not an allowed mapping pair; the facts book it under 50209.
	"5/30213>50201/total":         {"1414700", ""},
	"5/30213>50201/project":       {"1414700", ""},
	"5/30213>50201/project_other": {"1414700", ""},
	"5/30213>50209/total":         {"400000", "1814700"},
	"5/30213>50209/project":       {"0", "1414700"},
	"5/30213>50209/project_other": {"0", "1414700"},
	// Table 11's 预算情况 disagrees with the budget it summarises.
	"11/budget_total/value_wan":  {"5665.748", "9661.9907"},
	"11/budget_fiscal/value_wan": {"5665.748", "9661.9907"},
	"11/budget_basic/value_wan":  {"1436.278", "5432.5207"},
}

func TestCompiledExampleReproducesEverySeedCell(t *testing.T) {
	want := printed(t)
	got := compiled(compileExample(t))
	// Economic rows of table 5 also print a 合计 under the functional
	// table's key space; both are compared under their own table numbers.
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var matched, differ int
	for _, k := range keys {
		w := want[k]
		g, ok := got[k]
		if c, isC := contradictions[k]; isC && c[1] == "" {
			// The seed prints a row the facts do not have.
			if ok || w != c[0] {
				t.Errorf("%s: documented contradiction changed: seed %q (want %q), compiled %q (want no row)", k, w, c[0], g)
			}
			differ++
			continue
		}
		if !ok {
			// A blank printed cell (0) for a column the profile does not fill is still zero.
			if w == "0" || w == "" {
				matched++
				continue
			}
			t.Errorf("%s: the seed prints %q, the compiled document has no such cell", k, w)
			continue
		}
		if c, ok := contradictions[k]; ok {
			if w != c[0] || g != c[1] {
				t.Errorf("%s: documented contradiction changed: seed %q (want %q), compiled %q (want %q)", k, w, c[0], g, c[1])
			}
			differ++
			continue
		}
		if !sameValue(g, w) {
			t.Errorf("%s: compiled %q, seed prints %q", k, g, w)
			continue
		}
		matched++
	}
	for k := range contradictions {
		if _, ok := want[k]; !ok {
			t.Errorf("contradiction %s is not a printed cell", k)
		}
	}
	t.Logf("%d printed cells: %d equal, %d documented contradictions", len(want), matched, differ)
	if matched+differ != len(want) {
		t.Errorf("%d cells unaccounted for", len(want)-matched-differ)
	}
}
