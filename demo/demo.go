// Package demo generates a synthetic region: departments of several kinds,
// each with a few budget units, a budget for every year with year-to-year
// drift, projects, “三公” spending, procurement and performance targets.
// Every budget is built from the classification catalog of its year and
// compiles into a disclosure that checks without errors. The data is
// synthetic and says so in every department's name and description.
package demo

import (
	"fmt"
	"math/rand"
	"sort"

	"github.com/yusuan/yusuan"
)

// Label marks everything generated, wherever it shows.
const Label = "（演示数据）"

// Options say what to generate.
type Options struct {
	Departments int
	FirstYear   int
	LastYear    int
	Seed        int64
	// Region is the demo region's name (示例市).
	Region string
	// Profile is the disclosure profile the budgets are compiled with.
	Profile string
}

// Department is one generated department with a budget per year.
type Department struct {
	Code    string
	Name    string
	Budgets []*yusuan.Budget // by year, oldest first
}

// deptKind is a kind of department: its functional 款, its projects and
// its share of institutions.
type deptKind struct {
	name     string   // 局 name
	segments []string // functional 款 its spending goes to, first the main one
	projects []string
	// institutions: how many of its subordinate units are 事业单位.
	institutions bool
}

var kinds = []deptKind{
	{"人民政府办公室", []string{"20103"}, []string{"政务公开专项经费", "市长热线运行维护", "政府门户网站运维", "重大会议保障经费"}, false},
	{"财政局", []string{"20106"}, []string{"预算管理一体化系统运维", "财政票据管理经费", "绩效评价委托业务费", "国库集中支付代理服务费"}, true},
	{"教育局", []string{"20501", "20502"}, []string{"教师培训专项", "学生资助经费", "校园安全保障", "教育信息化建设"}, true},
	{"卫生健康委员会", []string{"21001", "21004"}, []string{"基本公共卫生服务", "卫生监督执法专项", "疾病预防控制经费", "卫生应急物资储备"}, true},
	{"司法局", []string{"20406"}, []string{"法律援助专项", "人民调解经费", "普法宣传专项", "社区矫正工作经费"}, false},
	{"统计局", []string{"20105"}, []string{"经济普查专项", "统计调查经费", "统计信息化建设", "统计执法检查"}, false},
	{"民政局", []string{"20802"}, []string{"困难群众救助", "养老服务补贴", "社区治理专项", "婚姻登记服务"}, true},
	{"农业农村局", []string{"21301"}, []string{"高标准农田建设", "动物防疫专项", "农技推广服务", "农产品质量安全监测"}, true},
	{"退役军人事务局", []string{"20828"}, []string{"优抚对象补助", "退役军人就业培训", "烈士纪念设施维护", "双拥工作经费"}, true},
	{"市场监督管理局", []string{"20138"}, []string{"食品安全抽检", "特种设备安全监察", "计量检定专项", "消费维权服务"}, true},
	{"人力资源和社会保障局", []string{"20801"}, []string{"就业服务专项", "职业技能培训", "劳动保障监察", "人才引进补贴"}, true},
	{"审计局", []string{"20108"}, []string{"审计业务经费", "审计信息化建设", "政府投资审计委托", "审计培训专项"}, false},
}

// Generate makes the departments of the region.
func Generate(cat func(year int) (*yusuan.Catalog, error), o Options) ([]Department, error) {
	if o.Departments < 1 {
		return nil, fmt.Errorf("部门数应至少为 1")
	}
	if o.FirstYear > o.LastYear {
		return nil, fmt.Errorf("年度范围 %d–%d 不对", o.FirstYear, o.LastYear)
	}
	if o.Region == "" {
		o.Region = "示例市"
	}
	cats := map[int]*yusuan.Catalog{}
	for y := o.FirstYear; y <= o.LastYear; y++ {
		c, err := cat(y)
		if err != nil {
			return nil, fmt.Errorf("%d 年：%w", y, err)
		}
		cats[y] = c
	}
	r := rand.New(rand.NewSource(o.Seed))
	var out []Department
	for i := 0; i < o.Departments; i++ {
		k := kinds[i%len(kinds)]
		code := fmt.Sprintf("%03d", 101+i)
		name := o.Region + k.name
		if i >= len(kinds) {
			name = fmt.Sprintf("%s%s第%d分局", o.Region, k.name, i/len(kinds)+1)
		}
		g := newGen(r, k, code, name+Label, o)
		d := Department{Code: code, Name: name + Label}
		var prev *yusuan.Budget
		for y := o.FirstYear; y <= o.LastYear; y++ {
			b, err := g.budget(y, cats[y], prev)
			if err != nil {
				return nil, fmt.Errorf("%s %d 年：%w", d.Name, y, err)
			}
			d.Budgets = append(d.Budgets, b)
			prev = b
		}
		out = append(out, d)
	}
	return out, nil
}

// gen keeps one department's stable traits across years.
type gen struct {
	r        *rand.Rand
	k        deptKind
	code     string
	name     string
	o        Options
	units    []yusuan.Unit
	staff    []int // employees per unit
	scale    float64
	projects []string
}

func newGen(r *rand.Rand, k deptKind, code, name string, o Options) *gen {
	g := &gen{r: r, k: k, code: code, name: name, o: o}
	g.units = append(g.units, yusuan.Unit{Code: code + "001", Name: name + "机关", Kind: yusuan.UnitAdministrative})
	g.staff = append(g.staff, 40+r.Intn(120))
	subs := r.Intn(3)
	if !k.institutions {
		subs = r.Intn(2)
	}
	for i := 0; i < subs; i++ {
		kind := yusuan.UnitCivilService
		if k.institutions && r.Intn(2) == 0 {
			kind = yusuan.UnitInstitution
		}
		g.units = append(g.units, yusuan.Unit{Code: fmt.Sprintf("%s%03d", code, i+2), Name: fmt.Sprintf("%s第%d中心", name, i+1), Kind: kind})
		g.staff = append(g.staff, 10+r.Intn(60))
	}
	g.scale = 0.6 + r.Float64()*1.2
	n := 2 + r.Intn(len(k.projects)-1)
	g.projects = append([]string{}, k.projects[:n]...)
	return g
}

// yuan rounds a float amount of 元 to whole 元 in 分.
func yuan(v float64) yusuan.Amount { return yusuan.Amount(int64(v+0.5) * 100) }

func (g *gen) pick(cat *yusuan.Catalog, candidates ...string) string {
	for _, c := range candidates {
		if cat.Functional.Has(c) {
			return c
		}
	}
	return ""
}

// budget makes the budget of one year; last year's figures come from prev.
func (g *gen) budget(year int, cat *yusuan.Catalog, prev *yusuan.Budget) (*yusuan.Budget, error) {
	r := g.r
	drift := 1 + (r.Float64()-0.4)*0.12 // −4.8 % … +7.2 %
	g.scale *= drift
	b := &yusuan.Budget{
		Profile: g.o.Profile, Year: year,
		Department: yusuan.Department{Code: g.code, Name: g.name},
		Units:      g.units,
		Duties:     []string{"本部门为演示用的虚构部门，职责为示例。", "负责本领域的政策执行和公共服务（演示数据）。"},
		Scope:      fmt.Sprintf("本部门预算包括%d个预算单位（演示数据）。", len(g.units)),
		Bodies:     []string{"办公室", "综合科", "业务科（演示数据）"},
	}
	for _, u := range g.units {
		b.Subordinates = append(b.Subordinates, u.Name)
	}
	staff := 0
	for _, s := range g.staff {
		staff += s
	}
	// 编制 = 行政 + 工勤 + 事业; a few posts stay vacant.
	st := yusuan.Staffing{Administrative: g.staff[0] + 2, Workers: 3, Institution: staff - g.staff[0] + 2, Employed: staff, Retired: staff / 4}
	st.Authorized = st.Administrative + st.Workers + st.Institution
	b.Staffing = st
	vehicles := 1 + staff/60
	b.Vehicles = yusuan.Vehicles{Total: vehicles, General: vehicles}
	b.Assets = yusuan.Assets{AsOf: fmt.Sprintf("%d-12-31", year-1)}

	main := g.k.segments[0]
	admin := g.pick(cat, main+"01")
	if admin == "" {
		return nil, fmt.Errorf("科目表中没有 %s01 行政运行", main)
	}
	institution := g.pick(cat, main+"50", admin)
	general := g.pick(cat, main+"02", main+"99", admin)
	pension := g.pick(cat, "2080505")
	annuity := g.pick(cat, "2080506")
	medicalAdmin := g.pick(cat, "2101101")
	medicalInst := g.pick(cat, "2101102", "2101101")
	housing := g.pick(cat, "2210201")
	if pension == "" || annuity == "" || medicalAdmin == "" || housing == "" {
		return nil, fmt.Errorf("科目表缺少社保、医疗或住房公积金科目")
	}
	gov := func(econ string, kind yusuan.UnitKind) string {
		ts := cat.GovTargets(econ, kind)
		if len(ts) == 0 {
			return ""
		}
		return ts[0]
	}
	var lines []yusuan.ExpenditureLine
	add := func(u yusuan.Unit, fn, econ string, nature yusuan.Nature, project string, src yusuan.Source, a yusuan.Amount) {
		if a <= 0 || fn == "" {
			return
		}
		gv := gov(econ, u.Kind)
		if gv == "" {
			return
		}
		lines = append(lines, yusuan.ExpenditureLine{Unit: u.Code, Function: fn, Econ: econ, GovEcon: gv, Nature: nature, Project: project, Source: src, Amount: a})
	}
	for i, u := range g.units {
		n := float64(g.staff[i])
		wage := 120000 * n * g.scale
		fn, med := admin, medicalAdmin
		src := yusuan.SourceAppropriation
		if u.Kind == yusuan.UnitInstitution {
			fn, med = institution, medicalInst
		}
		add(u, fn, "30101", yusuan.NatureBasic, "", src, yuan(wage*0.30))
		add(u, fn, "30102", yusuan.NatureBasic, "", src, yuan(wage*0.25))
		add(u, fn, "30103", yusuan.NatureBasic, "", src, yuan(wage*0.08))
		add(u, fn, "30107", yusuan.NatureBasic, "", src, yuan(wage*0.12))
		add(u, pension, "30108", yusuan.NatureBasic, "", src, yuan(wage*0.16))
		add(u, annuity, "30109", yusuan.NatureBasic, "", src, yuan(wage*0.08))
		add(u, med, "30110", yusuan.NatureBasic, "", src, yuan(wage*0.06))
		add(u, housing, "30113", yusuan.NatureBasic, "", src, yuan(wage*0.12))
		add(u, fn, "30302", yusuan.NatureBasic, "", src, yuan(wage*0.03))
		goods := 18000 * n * g.scale
		add(u, fn, "30201", yusuan.NatureBasic, "", src, yuan(goods*0.20))
		add(u, fn, "30211", yusuan.NatureBasic, "", src, yuan(goods*0.10))
		add(u, fn, "30213", yusuan.NatureBasic, "", src, yuan(goods*0.12))
		add(u, fn, "30216", yusuan.NatureBasic, "", src, yuan(goods*0.06))
		add(u, fn, "30228", yusuan.NatureBasic, "", src, yuan(goods*0.05))
		add(u, fn, "30299", yusuan.NatureBasic, "", src, yuan(goods*0.27))
		if i == 0 {
			add(u, fn, "30217", yusuan.NatureBasic, "", src, yuan(goods*0.04*(0.5+r.Float64())))
			add(u, fn, "30231", yusuan.NatureBasic, "", src, yuan(float64(vehicles)*15000*(0.8+r.Float64()*0.4)))
			if r.Intn(3) == 0 {
				add(u, fn, "30212", yusuan.NatureBasic, "", src, yuan(30000+r.Float64()*50000))
			}
		}
		if u.Kind == yusuan.UnitInstitution {
			// Institutions have some income of their own.
			add(u, fn, "30299", yusuan.NatureBasic, "", yusuan.SourceBusiness, yuan(goods*0.3))
		}
	}
	// Projects, in the main unit; the first one buys equipment under
	// procurement.
	for pi, name := range g.projects {
		id := fmt.Sprintf("p%d", pi+1)
		amount := yuan((200000 + r.Float64()*3000000) * g.scale)
		p := yusuan.Project{ID: id, Name: name + Label, Unit: g.units[0].Code, Type: yusuan.ProjectSocial,
			Use: "用于" + name + "（演示数据）", Total: amount,
			AnnualGoal: "按计划完成" + name + "任务（演示数据）",
			Indicators: []yusuan.Indicator{
				{Level1: "产出指标", Level2: "数量指标", Name: "完成任务数", Target: "≥1", Measure: "项"},
				{Level1: "效益指标", Level2: "社会效益指标", Name: "服务对象满意度", Target: "≥90%", Measure: "%"},
			}}
		b.Projects = append(b.Projects, p)
		econ := "30227"
		if pi == 0 {
			econ = "31002"
		}
		add(g.units[0], general, econ, yusuan.NatureProject, id, yusuan.SourceAppropriation, amount)
		if pi == 0 {
			gv := gov("31002", g.units[0].Kind)
			if gv != "" {
				q := int64(2 + r.Intn(20))
				price := amount / yusuan.Amount(q) / 100 * 100
				if price > 0 {
					b.Procurement = append(b.Procurement, yusuan.ProcurementItem{Unit: g.units[0].Code, Function: general, Econ: "31002",
						Nature: yusuan.NatureProject, Project: id, Purpose: "办公设备购置", Catalog: "A02010104 台式计算机", Item: "台式计算机",
						Measure: "台", Quantity: q, UnitPrice: price, Amount: price * yusuan.Amount(q), Category: yusuan.ProcureGoods, Name: "办公设备"})
				}
			}
		}
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Unit < lines[j].Unit })
	b.Expenditure = lines
	// Income equals expenditure by unit and source.
	in := map[[2]string]yusuan.Amount{}
	var keys [][2]string
	for _, l := range lines {
		k := [2]string{l.Unit, string(l.Source)}
		if _, ok := in[k]; !ok {
			keys = append(keys, k)
		}
		in[k] += l.Amount
	}
	for _, k := range keys {
		b.Income = append(b.Income, yusuan.IncomeLine{Unit: k[0], Source: yusuan.Source(k[1]), Amount: in[k]})
	}
	b.Performance = &yusuan.DepartmentPerformance{
		Goal:  "保障机关正常运转，完成年度重点工作（演示数据）。",
		Tasks: []yusuan.Task{{Name: "基本运转", Content: "保障人员经费和日常公用经费（演示数据）"}},
		Indicators: []yusuan.Indicator{
			{Level1: "产出指标", Level2: "数量指标", Name: "重点任务完成数", Target: "≥5", Measure: "项"},
			{Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "群众满意度", Target: "≥90%", Measure: "%"},
		},
	}
	// Last year's approved figures: the previous budget's, or this year's
	// without the drift in the first year.
	b.LastYear = yusuan.LastYear{}
	b.Reasons = map[string]string{}
	for _, m := range yusuan.Measures {
		if m.Of == "final" {
			continue // final accounts' measures; these are budgets
		}
		var v yusuan.Amount
		if prev != nil {
			v, _ = prev.Value(m.Name)
		} else {
			cur, _ := b.Value(m.Name)
			v = yusuan.Amount(float64(cur) / drift / 100 * 100)
		}
		b.LastYear[m.Name] = v
		b.Reasons[m.Name] = "根据工作任务和人员变化调整（演示数据）"
	}
	b.EmptyTables = map[yusuan.TableKind]string{
		yusuan.KindGovFund:      "本部门无政府性基金预算支出，故本表无数据（演示数据）",
		yusuan.KindStateCapital: "本部门无国有资本经营预算支出，故本表无数据（演示数据）",
	}
	if len(b.Procurement) == 0 {
		b.EmptyTables[yusuan.KindProcurement] = "本部门无政府采购预算，故本表无数据（演示数据）"
	}
	b.Glossary = []yusuan.Term{{Term: "演示数据", Definition: "本文件由 yusuan demo 生成，数据为虚构，仅供演示。"}}
	return b, nil
}
