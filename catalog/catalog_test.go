package catalog

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	yusuan "github.com/yusuan/yusuan"
)

func mustLoad(t testing.TB, year int) *yusuan.Catalog {
	t.Helper()
	c, err := Load(year)
	if err != nil {
		t.Fatalf("Load(%d): %v", year, err)
	}
	return c
}

func TestEditions(t *testing.T) {
	eds := Editions()
	if !slices.Contains(eds, 2021) {
		t.Fatalf("Editions() = %v, want it to contain 2021", eds)
	}
	if !slices.IsSorted(eds) {
		t.Errorf("Editions() = %v, not sorted", eds)
	}
}

func TestLoadChoosesEdition(t *testing.T) {
	tests := []struct {
		year        int
		wantEdition int
		wantErr     string
	}{
		{year: 2021, wantEdition: 2021},
		{year: 2022, wantEdition: 2021},
		{year: 2024, wantEdition: 2024},
		{year: 2025, wantEdition: 2025},
		{year: 2030, wantEdition: 2026},
		{year: 2020, wantErr: "2020"},
		{year: 0, wantErr: "没有 0 年可用的科目表"},
	}
	for _, tt := range tests {
		c, err := Load(tt.year)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Load(%d) error = %v, want one naming %q", tt.year, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Load(%d): %v", tt.year, err)
			continue
		}
		if c.Year != tt.year {
			t.Errorf("Load(%d).Year = %d", tt.year, c.Year)
		}
		for _, cl := range []*yusuan.Classification{c.Functional, c.Econ, c.GovEcon} {
			if cl.Edition != tt.wantEdition {
				t.Errorf("Load(%d): %s edition %d, want %d", tt.year, cl.Scheme, cl.Edition, tt.wantEdition)
			}
		}
	}
}

func TestEmbeddedCatalogIsValid(t *testing.T) {
	for _, ed := range Editions() {
		c := mustLoad(t, ed)
		if err := Validate(c); err != nil {
			t.Errorf("edition %d: %v", ed, err)
		}
		for _, cl := range []*yusuan.Classification{c.Functional, c.Econ, c.GovEcon} {
			if !strings.Contains(cl.Source, "[2021]") || len(cl.Source) < 40 {
				t.Errorf("edition %d %s: source %q is not stated", ed, cl.Scheme, cl.Source)
			}
			if len(cl.Completeness) < 20 {
				t.Errorf("edition %d %s: completeness %q is not stated", ed, cl.Scheme, cl.Completeness)
			}
		}
	}
}

// TestEmbeddedFilesHeader checks that every data file opens with its source
// and completeness comments.
func TestEmbeddedFilesHeader(t *testing.T) {
	for _, ed := range Editions() {
		dir := filepath.Join("data", strconv.Itoa(ed))
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(data), "#") {
				t.Errorf("%s/%s does not start with comment lines", dir, e.Name())
			}
			src, comp := metaComments(data)
			if src == "" || comp == "" {
				t.Errorf("%s/%s: missing # source: or # completeness: line", dir, e.Name())
			}
		}
	}
}

// TestEconomicClassesComplete checks every 类 of both economic
// classifications of the 2021 edition and the 款 count of each.
func TestEconomicClassesComplete(t *testing.T) {
	c := mustLoad(t, 2021)
	tests := []struct {
		cl       *yusuan.Classification
		class    string
		name     string
		segments int
	}{
		{c.Econ, "301", "工资福利支出", 13},
		{c.Econ, "302", "商品和服务支出", 27},
		{c.Econ, "303", "对个人和家庭的补助", 12},
		{c.Econ, "307", "债务利息及费用支出", 4},
		{c.Econ, "309", "资本性支出（基本建设）", 12},
		{c.Econ, "310", "资本性支出", 16},
		{c.Econ, "311", "对企业补助（基本建设）", 2},
		{c.Econ, "312", "对企业补助", 5},
		{c.Econ, "313", "对社会保障基金补助", 3},
		{c.Econ, "399", "其他支出", 6},
		{c.GovEcon, "501", "机关工资福利支出", 4},
		{c.GovEcon, "502", "机关商品和服务支出", 10},
		{c.GovEcon, "503", "机关资本性支出（一）", 7},
		{c.GovEcon, "504", "机关资本性支出（二）", 6},
		{c.GovEcon, "505", "对事业单位经常性补助", 3},
		{c.GovEcon, "506", "对事业单位资本性补助", 2},
		{c.GovEcon, "507", "对企业补助", 3},
		{c.GovEcon, "508", "对企业资本性支出", 2},
		{c.GovEcon, "509", "对个人和家庭的补助", 5},
		{c.GovEcon, "510", "对社会保障基金补助", 3},
		{c.GovEcon, "511", "债务利息及费用支出", 4},
		{c.GovEcon, "512", "债务还本支出", 2},
		{c.GovEcon, "513", "转移性支出", 6},
		{c.GovEcon, "514", "预备费及预留", 2},
		{c.GovEcon, "599", "其他支出", 6},
	}
	classes := map[yusuan.Scheme]int{}
	for _, tt := range tests {
		classes[tt.cl.Scheme]++
		if name, ok := tt.cl.Name(tt.class); !ok || name != tt.name {
			t.Errorf("%s %s = %q, %v; want %q", tt.cl.Scheme, tt.class, name, ok, tt.name)
		}
		n := 0
		for _, code := range tt.cl.Codes() {
			if len(code) == 5 && strings.HasPrefix(code, tt.class) {
				n++
			}
		}
		if n != tt.segments {
			t.Errorf("%s %s has %d 款, want %d", tt.cl.Scheme, tt.class, n, tt.segments)
		}
	}
	for _, cl := range []*yusuan.Classification{c.Econ, c.GovEcon} {
		n := 0
		for _, code := range cl.Codes() {
			if len(code) == 3 {
				n++
			}
		}
		if n != classes[cl.Scheme] {
			t.Errorf("%s has %d 类, the test knows %d", cl.Scheme, n, classes[cl.Scheme])
		}
	}
}

// TestEveryEconSegmentIsMapped checks that the mapping covers each
// department 款 for every unit kind (30107 绩效工资 of an agency as the
// published budgets print it, under 50199).
func TestEveryEconSegmentIsMapped(t *testing.T) {
	c := mustLoad(t, 2021)
	for _, code := range c.Econ.Codes() {
		if len(code) != 5 {
			continue
		}
		for _, k := range []yusuan.UnitKind{yusuan.UnitAdministrative, yusuan.UnitCivilService, yusuan.UnitInstitution} {
			if len(c.GovTargets(code, k)) == 0 {
				t.Errorf("econ %s has no government code for %s units", code, k)
			}
		}
	}
}

// Seed: 郑州市人民政府办公厅 2021 (testdata/disclosures/zhengzhou-2021-gov-office.txt).
var seedFunctional = []struct{ code, name string }{
	{"201", "一般公共服务支出"},
	{"20103", "政府办公厅（室）及相关机构事务"},
	{"2010301", "行政运行"},
	{"2010302", "一般行政管理事务"},
	{"2010304", "专项服务"},
	{"205", "教育支出"},
	{"20508", "进修及培训"},
	{"2050802", "干部教育"},
	{"208", "社会保障和就业支出"},
	{"20805", "行政事业单位养老支出"},
	{"2080501", "行政单位离退休"},
	{"2080505", "机关事业单位基本养老保险缴费支出"},
	{"210", "卫生健康支出"},
	{"21011", "行政事业单位医疗"},
	{"2101101", "行政单位医疗"},
	{"221", "住房保障支出"},
	{"22102", "住房改革支出"},
	{"2210201", "住房公积金"},
}

// seedMapping is table 5 (一般公共预算支出情况表, 部门预算经济分类 ×
// 政府预算经济分类) of the seed, with the names as printed; allowed is
// whether the official mapping allows the pair for the kind.
var seedMapping = []struct {
	econ, econName string
	gov, govName   string
	kind           yusuan.UnitKind
	allowed        bool
}{
	{"30101", "基本工资", "50101", "工资奖金津补贴_行政", yusuan.UnitAdministrative, true},
	{"30101", "基本工资", "50501", "工资福利支出_事业", yusuan.UnitInstitution, true},
	{"30102", "津贴补贴", "50101", "工资奖金津补贴_行政", yusuan.UnitAdministrative, true},
	{"30102", "津贴补贴", "50501", "工资福利支出_事业", yusuan.UnitInstitution, true},
	{"30107", "绩效工资", "50501", "工资福利支出_事业", yusuan.UnitInstitution, true},
	{"30108", "机关事业单位基本养老保险缴费", "50102", "社会保障缴费_行政", yusuan.UnitAdministrative, true},
	{"30110", "职工基本医疗保险缴费", "50102", "社会保障缴费_行政", yusuan.UnitAdministrative, true},
	{"30112", "其他社会保障缴费", "50102", "社会保障缴费_行政", yusuan.UnitAdministrative, true},
	{"30113", "住房公积金", "50103", "住房公积金_行政", yusuan.UnitAdministrative, true},
	{"30201", "办公费", "50201", "办公经费_行政", yusuan.UnitAdministrative, true},
	{"30202", "印刷费", "50201", "办公经费_行政", yusuan.UnitAdministrative, true},
	{"30207", "邮电费", "50201", "办公经费_行政", yusuan.UnitAdministrative, true},
	{"30211", "差旅费", "50201", "办公经费_行政", yusuan.UnitAdministrative, true},
	// The seed books 1,414,700 of project spending on this pair; the
	// official table lists 302 13 only under 502 09.
	{"30213", "维修(护)费", "50201", "办公经费_行政", yusuan.UnitAdministrative, false},
	{"30213", "维修(护)费", "50209", "维修(护)费_行政", yusuan.UnitAdministrative, true},
	{"30214", "租赁费", "50201", "办公经费_行政", yusuan.UnitAdministrative, true},
	{"30215", "会议费", "50202", "会议费_行政", yusuan.UnitAdministrative, true},
	{"30216", "培训费", "50203", "培训费_行政", yusuan.UnitAdministrative, true},
	{"30217", "公务接待费", "50206", "公务接待费_行政", yusuan.UnitAdministrative, true},
	{"30227", "委托业务费", "50205", "委托业务费_行政", yusuan.UnitAdministrative, true},
	{"30228", "工会经费", "50201", "办公经费_行政", yusuan.UnitAdministrative, true},
	{"30229", "福利费", "50201", "办公经费_行政", yusuan.UnitAdministrative, true},
	{"30231", "公务用车运行维护费", "50208", "公务用车运行维护费_行政", yusuan.UnitAdministrative, true},
	{"30239", "其他交通费用", "50201", "办公经费_行政", yusuan.UnitAdministrative, true},
	{"30299", "其他商品和服务支出", "50299", "其他商品和服务支出_行政", yusuan.UnitAdministrative, true},
	{"30301", "离休费", "50905", "离退休费", yusuan.UnitAdministrative, true},
	{"30302", "退休费", "50905", "离退休费", yusuan.UnitAdministrative, true},
	{"30305", "生活补助", "50901", "社会福利和救助", yusuan.UnitAdministrative, true},
	{"31002", "办公设备购置", "50306", "设备购置_行政", yusuan.UnitAdministrative, true},
	{"31099", "其他资本性支出", "50399", "其他资本性支出_行政", yusuan.UnitAdministrative, true},
}

// publishedMapping are pairs the official 附表1 (as reconstructed) did not
// list that published budgets of other regions print: each must be allowed,
// and the neighbouring pairs that no document prints stay refused.
var publishedMapping = []struct {
	econ, gov string
	kind      yusuan.UnitKind
	allowed   bool
}{
	{"30107", "50199", yusuan.UnitAdministrative, true}, // Xi'an 2026 表6/表8 (本级（机关）)
	{"30107", "50101", yusuan.UnitAdministrative, false},
	{"30107", "50501", yusuan.UnitAdministrative, false},
	{"30309", "50901", yusuan.UnitAdministrative, true}, // Beijing, Xi'an, Yantai 2026
	{"30309", "50901", yusuan.UnitInstitution, true},
	{"30309", "50905", yusuan.UnitAdministrative, false},
}

func TestPublishedMappings(t *testing.T) {
	c := mustLoad(t, 2021)
	for _, tt := range publishedMapping {
		if got := c.MappingAllowed(tt.econ, tt.gov, tt.kind); got != tt.allowed {
			t.Errorf("%s → %s for %s: allowed %v, want %v", tt.econ, tt.gov, tt.kind, got, tt.allowed)
		}
	}
}

func TestSeedCodesPresent(t *testing.T) {
	c := mustLoad(t, 2021)
	for _, tt := range seedFunctional {
		if name, ok := c.Functional.Name(tt.code); !ok || name != tt.name {
			t.Errorf("functional %s = %q, %v; want %q", tt.code, name, ok, tt.name)
		}
	}
	for _, tt := range seedMapping {
		govName := strings.TrimSuffix(strings.TrimSuffix(tt.govName, "_行政"), "_事业")
		if name, ok := c.Econ.Name(tt.econ); !ok || !SameName(name, tt.econName) {
			t.Errorf("econ %s = %q, %v; want %q", tt.econ, name, ok, tt.econName)
		}
		if name, ok := c.GovEcon.Name(tt.gov); !ok || !SameName(name, govName) {
			t.Errorf("gov_econ %s = %q, %v; want %q", tt.gov, name, ok, govName)
		}
		if got := c.MappingAllowed(tt.econ, tt.gov, tt.kind); got != tt.allowed {
			t.Errorf("MappingAllowed(%s, %s, %s) = %v, want %v", tt.econ, tt.gov, tt.kind, got, tt.allowed)
		}
	}
}

func TestMappingKinds(t *testing.T) {
	c := mustLoad(t, 2021)
	tests := []struct {
		econ, gov string
		kind      yusuan.UnitKind
		want      bool
	}{
		{"30101", "50101", yusuan.UnitCivilService, true},
		{"30101", "50101", yusuan.UnitInstitution, false},
		{"30101", "50501", yusuan.UnitAdministrative, false},
		{"30201", "50502", yusuan.UnitInstitution, true},
		{"30201", "50502", yusuan.UnitAdministrative, false},
		{"31002", "50601", yusuan.UnitInstitution, true},
		{"30902", "50404", yusuan.UnitAdministrative, true},
		{"30902", "50602", yusuan.UnitInstitution, true},
		{"30302", "50905", yusuan.UnitInstitution, true},
		{"30701", "51101", yusuan.UnitInstitution, true},
		{"39907", "59907", yusuan.UnitAdministrative, true},
	}
	for _, tt := range tests {
		if got := c.MappingAllowed(tt.econ, tt.gov, tt.kind); got != tt.want {
			t.Errorf("MappingAllowed(%s, %s, %s) = %v, want %v", tt.econ, tt.gov, tt.kind, got, tt.want)
		}
	}
}

func TestSampleCodesPresent(t *testing.T) {
	c := mustLoad(t, 2025)
	for _, tt := range sampleFunctional {
		if name, ok := c.Functional.Name(tt.code); !ok || name != tt.name {
			t.Errorf("functional %s = %q, %v; want %q", tt.code, name, ok, tt.name)
		}
	}
	for _, tt := range sampleEcon {
		if name, ok := c.Econ.Name(tt.code); !ok || !SameName(name, tt.name) {
			t.Errorf("econ %s = %q, %v; want %q", tt.code, name, ok, tt.name)
		}
	}
}

// testdata is the repository's own copy of the seed and the samples.
const testdata = "../testdata"

var codeLine = regexp.MustCompile(`^\s*(2\d\d)(?:\s+(\d\d))?(?:\s+(\d\d))?\s+(\S+)`)

// TestSeedDocumentCodes reads the seed itself and checks every functional
// code in its tables.
func TestSeedDocumentCodes(t *testing.T) {
	f, err := os.Open(filepath.Join(testdata, "disclosures", "zhengzhou-2021-gov-office.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := mustLoad(t, 2021)
	re := regexp.MustCompile(`^(2\d\d)\t(\d\d)\t(\d\d)\t\t?([^\t（]+)`)
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := re.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n++
		code := m[1] + m[2] + m[3]
		for _, p := range []string{m[1], m[1] + m[2], code} {
			if !c.Functional.Has(p) {
				t.Errorf("seed code %s missing", p)
			}
		}
		// The procurement table prints the unit name in that column.
		if name, _ := c.Functional.Name(code); !strings.Contains(m[4], "郑州") && !SameName(name, m[4]) {
			t.Errorf("seed %s %q, catalog %q", code, m[4], name)
		}
	}
	if n < 20 {
		t.Errorf("found only %d coded rows in the seed", n)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}

	// Table 5: 部门预算经济分类 × 政府预算经济分类.
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	pair := regexp.MustCompile(`^(3\d\d)\t(\d\d)\t([^\t]+)\t(5\d\d)\t(\d\d)\t([^\t]+)`)
	notOfficial := map[[2]string]bool{{"30213", "50201"}: true}
	pairs := 0
	sc = bufio.NewScanner(f)
	for sc.Scan() {
		m := pair.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		pairs++
		econ, gov := m[1]+m[2], m[4]+m[5]
		kind := yusuan.UnitAdministrative
		if strings.HasSuffix(m[6], "_事业") {
			kind = yusuan.UnitInstitution
		}
		govName := strings.TrimSuffix(strings.TrimSuffix(m[6], "_行政"), "_事业")
		if name, _ := c.Econ.Name(econ); !SameName(name, m[3]) {
			t.Errorf("seed econ %s %q, catalog %q", econ, m[3], name)
		}
		if name, _ := c.GovEcon.Name(gov); !SameName(name, govName) {
			t.Errorf("seed gov_econ %s %q, catalog %q", gov, govName, name)
		}
		want := !notOfficial[[2]string{econ, gov}]
		if got := c.MappingAllowed(econ, gov, kind); got != want {
			t.Errorf("seed pair %s → %s (%s): allowed = %v, want %v", econ, gov, kind, got, want)
		}
	}
	if pairs != len(seedMapping) {
		t.Errorf("found %d mapping rows in the seed, the test table has %d", pairs, len(seedMapping))
	}
}

// TestSampleDocumentCodes extracts the Shanghai PDFs with pdftotext, when
// available, and checks every functional code printed in them.
func TestSampleDocumentCodes(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (Debian package poppler-utils) is required under CI")
		}
		t.Skip("pdftotext not installed (Debian package poppler-utils)")
	}
	pdfs, _ := filepath.Glob(filepath.Join(testdata, "disclosures", "shanghai-putuo-202[45]-[a-z]*.pdf"))
	if len(pdfs) == 0 {
		t.Fatal("no sample PDFs under testdata/disclosures")
	}
	c := mustLoad(t, 2025)
	for _, pdf := range pdfs {
		out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
		if err != nil {
			t.Errorf("pdftotext %s: %v", pdf, err)
			continue
		}
		n := 0
		for _, line := range strings.Split(string(out), "\n") {
			m := codeLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			n++
			code := m[1] + m[2] + m[3]
			if name, ok := c.Functional.Name(code); !ok || !SameName(name, m[4]) {
				t.Errorf("%s: %s %q, catalog %q (%v)", filepath.Base(pdf), code, m[4], name, ok)
			}
		}
		if n < 10 {
			t.Errorf("%s: found only %d coded rows", pdf, n)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	tests := []struct{ a, b string }{
		{"维修(护)费", "维修（护）费"},
		{"政府性基 金预算", "政府性基金预算"},
		{" 因公出国(境)费用", "因公出国（境）费用"},
	}
	for _, tt := range tests {
		if !SameName(tt.a, tt.b) {
			t.Errorf("SameName(%q, %q) = false", tt.a, tt.b)
		}
	}
	if SameName("办公费", "印刷费") {
		t.Error("SameName(办公费, 印刷费) = true")
	}
}

// testFS is a small two-edition data tree for the edition logic.
func testFS() fstest.MapFS {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"d/2019/functional.csv":     f("# source: test\n# completeness: test\ncode,name\n201,一般公共服务支出\n20101,人大事务\n2010101,行政运行\n"),
		"d/2019/econ.csv":           f("# source: test\n# completeness: test\ncode,name\n301,工资福利支出\n30101,基本工资\n"),
		"d/2019/gov_econ.csv":       f("# source: test\n# completeness: test\ncode,name\n501,机关工资福利支出\n50101,工资奖金津补贴\n505,对事业单位经常性补助\n50501,工资福利支出\n"),
		"d/2019/econ_gov_map.csv":   f("# source: test\n# completeness: test\necon,gov_econ,kinds\n30101,50101,administrative\n"),
		"d/2023/functional.csv":     f("# source: t2023\n# completeness: delta\ncode,name\n2010102,一般行政管理事务\n2010101,行政运行（改）\n"),
		"d/2023/econ_gov_map.csv":   f("# source: t2023\n# completeness: delta\necon,gov_econ,kinds\n30101,50101,administrative|civil_service\n30101,50501,institution\n"),
		"d/notes/readme.txt":        f("not an edition"),
		"d/bad1/functional.csv":     f("x"),
		"e/2020/functional.csv":     f("# source: s\n# completeness: c\ncode,name\n201,一般公共服务支出\n2010x01,坏\n"),
		"e/2020/econ.csv":           f("code,name\n"),
		"e/2020/gov_econ.csv":       f("code,name\n"),
		"g/2020/functional.csv":     f("code,name\n201,一般公共服务支出\n2010101,行政运行\n"),
		"g/2020/econ.csv":           f("code,name\n"),
		"g/2020/gov_econ.csv":       f("code,name\n"),
		"h/2020/functional.csv":     f("code,title\n201,一般公共服务支出\n"),
		"i/2020/functional.csv":     f("code,name\n201,一般公共服务支出\n"),
		"i/2020/econ.csv":           f("code,name\n301,工资福利支出\n"),
		"i/2020/gov_econ.csv":       f("code,name\n501,机关工资福利支出\n"),
		"i/2020/econ_gov_map.csv":   f("econ,gov_econ,kinds\n30101,50101,\n"),
		"j/2020/econ_gov_map.csv":   f("econ,gov_econ,kinds\n30101,50101,行政|tribal\n"),
		"k/2020/functional.csv":     f("code,name\n201\n"),
		"k/2020/econ.csv":           f("code,name\n"),
		"k/2020/gov_econ.csv":       f("code,name\n"),
		"l/2020/functional.csv":     f("code,name\n201,\"一般\n"),
		"m/2020/functional.csv":     f("code,name\n201,   \n"),
		"n/2020/econ_gov_map.csv":   f("# only a map\necon,gov_econ,kinds\n301,501,\n"),
		"o/not-a-year/econ.csv":     f("code,name\n"),
		"o/2020x/econ.csv":          f("code,name\n"),
		"p/2020/functional.csv":     f(""),
		"q/2020/functional.csv":     f("# source: s\n# completeness: c\ncode,name\n201,一般公共服务支出\n"),
		"q/2020/econ.csv":           f("# source: s\n# completeness: c\ncode,name\n"),
		"q/2020/gov_econ.csv":       f("# source: s\n# completeness: c\ncode,name\n"),
		"q/2020/econ_gov_map.csv":   f("# source: s\n# completeness: c\necon,gov_econ,kinds\n"),
		"q/2022/functional.csv":     f("# source: s\n# completeness: c\ncode,name\n20101,人大事务\n"),
		"r/2020/functional.csv":     f("code,name\n201,一般公共服务支出\n"),
		"r/2020/econ.csv":           f("code,name\n"),
		"r/2020/gov_econ.csv":       f("code,name\n"),
		"r/2020/econ_gov_map.csv":   f("econ,gov_econ,kinds\n30101,50101\n"),
		"s/2020/gov_econ.csv/x.csv": f(""),
	}
}

func TestLoadFSEditions(t *testing.T) {
	fsys := testFS()
	tests := []struct {
		root    string
		year    int
		wantErr string
		check   func(t *testing.T, c *yusuan.Catalog)
	}{
		{root: "d", year: 2018, wantErr: "没有 2018 年可用的科目表：内置最早为 2019 年版"},
		{root: "d", year: 2021, check: func(t *testing.T, c *yusuan.Catalog) {
			if c.Functional.Edition != 2019 || c.Functional.Has("2010102") {
				t.Errorf("2021 should use edition 2019 only: edition %d", c.Functional.Edition)
			}
			if c.MappingAllowed("30101", "50101", yusuan.UnitCivilService) {
				t.Error("2019 mapping should not allow civil_service")
			}
		}},
		{root: "d", year: 2024, check: func(t *testing.T, c *yusuan.Catalog) {
			if c.Functional.Edition != 2023 || c.Econ.Edition != 2023 {
				t.Errorf("edition = %d/%d, want 2023", c.Functional.Edition, c.Econ.Edition)
			}
			if n, _ := c.Functional.Name("2010101"); n != "行政运行（改）" {
				t.Errorf("2010101 = %q, want the 2023 rename", n)
			}
			if !c.Functional.Has("2010102") || !c.Econ.Has("30101") {
				t.Error("2023 edition should add to 2019")
			}
			if len(c.Mappings) != 2 || !c.MappingAllowed("30101", "50101", yusuan.UnitCivilService) {
				t.Errorf("mappings = %+v", c.Mappings)
			}
			if !strings.Contains(c.Functional.Source, "[2019] test") || !strings.Contains(c.Functional.Source, "[2023] t2023") {
				t.Errorf("source = %q", c.Functional.Source)
			}
			if !strings.Contains(c.Econ.Source, "[2019]") || strings.Contains(c.Econ.Source, "[2023]") {
				t.Errorf("econ source = %q", c.Econ.Source)
			}
		}},
		{root: "e", year: 2020, wantErr: "e/2020/functional.csv:5: 支出功能分类编码 \"2010x01\" 含有数字以外的字符"},
		{root: "g", year: 2020, wantErr: "支出功能分类的项 2010101 没有所属的款 20101"},
		{root: "h", year: 2020, wantErr: "h/2020/functional.csv:1: header is \"code,title\", want \"code,name\""},
		{root: "i", year: 2020, wantErr: "部门预算支出经济分类中没有 30101"},
		{root: "j", year: 2020, wantErr: "j/2020/econ_gov_map.csv:2: 未知的单位类型 \"tribal\""},
		{root: "k", year: 2020, wantErr: "k/2020/functional.csv:2: 1 fields, want 2"},
		{root: "l", year: 2020, wantErr: "l/2020/functional.csv:2"},
		{root: "m", year: 2020, wantErr: "m/2020/functional.csv:2: 支出功能分类编码 201 没有名称"},
		{root: "n", year: 2020, wantErr: "两个编码都应为款"},
		{root: "o", year: 2020, wantErr: "no edition is embedded"},
		{root: "p", year: 2020, wantErr: "p/2020/functional.csv: no header row"},
		{root: "q", year: 2022, check: func(t *testing.T, c *yusuan.Catalog) {
			if !c.Functional.Has("20101") || !c.Functional.Has("201") {
				t.Error("overlay lost codes")
			}
		}},
		{root: "r", year: 2020, wantErr: "r/2020/econ_gov_map.csv:2: 2 fields, want 3"},
		{root: "nope", year: 2020, wantErr: "reading embedded editions"},
		{root: "s", year: 2020, wantErr: "s/2020/gov_econ.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.root+"/"+strconv.Itoa(tt.year), func(t *testing.T) {
			c, err := loadFS(fsys, tt.root, tt.year)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
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

func TestValidate(t *testing.T) {
	good := func() *yusuan.Catalog {
		c := cloneCatalog(nil)
		c.Functional.Add("201", "一般公共服务支出")
		c.Econ.Add("301", "工资福利支出")
		c.Econ.Add("30101", "基本工资")
		c.GovEcon.Add("501", "机关工资福利支出")
		c.GovEcon.Add("50101", "工资奖金津补贴")
		c.Mappings = []yusuan.Mapping{{Econ: "30101", GovEcon: "50101"}}
		return c
	}
	tests := []struct {
		name    string
		edit    func(c *yusuan.Catalog)
		wantErr string
	}{
		{"good", func(c *yusuan.Catalog) {}, ""},
		{"nil functional", func(c *yusuan.Catalog) { c.Functional = nil }, "缺少支出功能分类"},
		{"mislabelled", func(c *yusuan.Catalog) { c.Econ.Scheme = yusuan.SchemeGovEcon }, "部门预算支出经济分类被标为"},
		{"letters", func(c *yusuan.Catalog) { c.Functional.Add("20A", "x") }, "含有数字以外的字符"},
		{"7-digit econ", func(c *yusuan.Catalog) { c.Econ.Add("3010101", "x") }, "应为 3 或 5 位"},
		{"4-digit functional", func(c *yusuan.Catalog) { c.Functional.Add("2011", "x") }, "应为 3、5 或 7 位"},
		{"no name", func(c *yusuan.Catalog) { c.Functional.Add("202", " ") }, "没有名称"},
		{"orphan 款", func(c *yusuan.Catalog) { c.Econ.Add("30201", "办公费") }, "部门预算支出经济分类的款 30201 没有所属的类 302"},
		{"orphan 项", func(c *yusuan.Catalog) { c.Functional.Add("2010301", "行政运行") }, "支出功能分类的项 2010301 没有所属的款 20103"},
		{"unknown gov", func(c *yusuan.Catalog) {
			c.Mappings = append(c.Mappings, yusuan.Mapping{Econ: "30101", GovEcon: "50102"})
		}, "政府预算支出经济分类中没有 50102"},
		{"duplicate pair", func(c *yusuan.Catalog) { c.Mappings = append(c.Mappings, c.Mappings[0]) }, "列出了两次"},
		{"class pair", func(c *yusuan.Catalog) {
			c.Mappings = append(c.Mappings, yusuan.Mapping{Econ: "301", GovEcon: "501"})
		}, "两个编码都应为款"},
		{"bad kind", func(c *yusuan.Catalog) { c.Mappings[0].Kinds = []yusuan.UnitKind{"行政"} }, "未知的单位类型"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good()
			tt.edit(c)
			err := Validate(c)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate error = %v, want %q", err, tt.wantErr)
			}
		})
	}
	if err := Validate(nil); err == nil {
		t.Error("Validate(nil) = nil")
	}
}

// Codes added from published documents carry their own source, so a
// reviewer can see where a code the official list was not checked for
// comes from.
func TestEditionCodesCarrySource(t *testing.T) {
	c := mustLoad(t, 2026)
	for _, code := range []string{"2014001", "2140101", "2170404"} {
		if !c.Functional.Has(code) {
			t.Errorf("2026 catalog lacks %s", code)
			continue
		}
		src, ok := c.Functional.CodeSource(code)
		if !ok || src == "" {
			t.Errorf("%s has no per-code source", code)
		}
	}
	if _, ok := c.Functional.CodeSource("2010301"); ok {
		t.Errorf("2010301 (2021 edition, file-level source) has a per-code source")
	}
	if c21 := mustLoad(t, 2021); c21.Functional.Has("2140101") {
		t.Errorf("2021 catalog has 2140101, first printed in a 2026 document")
	}
}

// TestEcon2026Additions: the economic item a published 2026 budget prints
// in its whole list of items (福州 31206 其他资本性补助) is in the 2026
// edition, not in the 2021 one, and its source is recorded.
func TestEcon2026Additions(t *testing.T) {
	if _, ok := mustLoad(t, 2021).Econ.Name("31206"); ok {
		t.Error("31206 in the 2021 edition")
	}
	c := mustLoad(t, 2026)
	if name, ok := c.Econ.Name("31206"); !ok || name != "其他资本性补助" {
		t.Errorf("2026 econ 31206 = %q, %v", name, ok)
	}
	if src, _ := c.Econ.CodeSource("31206"); !strings.Contains(src, "fuzhou-2026") {
		t.Errorf("31206's source = %q", src)
	}
}
