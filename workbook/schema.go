// Package workbook is the fill-in workbook (填报模板) of a budget: an XLSX
// workbook with one sheet per kind of fact of the budget file — units,
// income and expenditure lines, projects, performance targets,
// procurement, last year's figures and the narrative's reasons — with
// drop-down lists from the classification catalog of the year, input
// checks Excel applies while the officer types, locked header rows and a
// sheet of instructions in Chinese (填报说明).
//
// Write makes the workbook, empty for a profile and year (Template) or
// holding an existing budget (Write); Read reads a filled workbook back
// into the budget model and validates it exactly as a budget file is
// validated, naming the sheet!cell and what belongs there for every
// problem. A budget written and read back is the same budget.
//
// Cells are read as stored, never evaluated: a formula in a text cell is
// read as its text (=…), a formula where a number belongs is an error, and
// text written into the workbook is stored as text in text-formatted
// columns, so a value beginning with = + - @ never becomes a formula.
package workbook

import (
	"strings"

	"github.com/yusuan/yusuan"
)

// Marker identifies a yusuan workbook: the very hidden sheet MarkerSheet
// holds Marker in A1 and the format Version in B1.
const (
	MarkerSheet = "_yusuan"
	Marker      = "yusuan.template"
	Version     = 1
	listsSheet  = "_lists"
)

// kind is how a cell is read and written.
type kind int

const (
	kText   kind = iota // free text, read as written
	kID                 // an identifier (unit code, project id), trimmed
	kCode               // a classification code, optionally followed by its name
	kAmount             // 元, at most two decimals
	kInt                // a whole number
	kDate               // a date (yyyy-mm-dd)
	kEnum               // one of a fixed set, written as its Chinese label
	kKey                // a key of a list (measure, table kind), trimmed
)

// column is one column of a list sheet, or one row of the key-value sheet.
type column struct {
	key    string // the field's name in the budget file (and in paths)
	header string // what the sheet shows
	kind   kind
	enum   *enum  // for kEnum
	list   string // the drop-down list: a list name of lists, or a sheet
	digits int    // for kCode: the code's length
	width  float64
	prompt string // the input message Excel shows (at most 255 characters)
	final  bool   // only in final accounts (决算)
}

// sheet is a list sheet: a header row, then one item per row.
type sheet struct {
	name  string
	path  string // the list's path in the budget file
	intro string // what the sheet holds, for the instructions
	cols  []column
	final bool // only in final accounts
}

func (s *sheet) col(key string) (int, *column) {
	for i := range s.cols {
		if s.cols[i].key == key {
			return i, &s.cols[i]
		}
	}
	return -1, nil
}

// enum is a fixed set of values with their Chinese labels.
type enum struct {
	name   string // what it is, for messages
	keys   []string
	labels []string
}

func (e *enum) label(key string) string {
	for i, k := range e.keys {
		if k == key {
			return e.labels[i]
		}
	}
	return key
}

// parse accepts a label or a key.
func (e *enum) parse(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for i, l := range e.labels {
		if s == l {
			return e.keys[i], true
		}
	}
	for _, k := range e.keys {
		if strings.EqualFold(s, k) {
			return k, true
		}
	}
	return "", false
}

var (
	enumKind  = &enum{"文件类型", []string{yusuan.DocBudget, yusuan.DocFinal}, []string{"预算", "决算"}}
	enumLevel = &enum{"公开层级", []string{yusuan.LevelDepartment, yusuan.LevelBudgetUnit}, []string{"部门", "单位"}}
	enumUnit  = &enum{"单位性质",
		[]string{string(yusuan.UnitAdministrative), string(yusuan.UnitCivilService), string(yusuan.UnitInstitution)},
		[]string{"行政单位", "参照公务员法管理的事业单位", "事业单位"}}
	enumNature = &enum{"支出性质",
		[]string{string(yusuan.NatureBasic), string(yusuan.NatureProject), string(yusuan.NatureRemit), string(yusuan.NatureOperating), string(yusuan.NatureSubsidy)},
		[]string{"基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"}}
	enumProjectType = &enum{"项目类型",
		[]string{string(yusuan.ProjectSocial), string(yusuan.ProjectDebt), string(yusuan.ProjectConstruction), string(yusuan.ProjectOther)},
		[]string{"社会事业和经济发展项目", "债务项目", "基本建设项目", "其他项目"}}
	enumCategory = &enum{"采购类别",
		[]string{string(yusuan.ProcureGoods), string(yusuan.ProcureWorks), string(yusuan.ProcureServices)},
		[]string{"货物", "工程", "服务"}}
	enumSource = sourceEnum()
)

func sourceEnum() *enum {
	e := &enum{name: "资金来源"}
	for _, s := range yusuan.Sources {
		name := s.Name
		if s.Source == yusuan.SourceAppropriation {
			name = "一般公共预算财政拨款"
		}
		e.keys = append(e.keys, string(s.Source))
		e.labels = append(e.labels, name)
	}
	return e
}

// Lists of the hidden list sheet, by name; each is one column.
const (
	listFunctional = "functional"
	listEcon       = "econ"
	listGovEcon    = "gov_econ"
	listMeasures   = "measures"
	listKinds      = "table_kinds"
	listProfiles   = "profiles"
	// Lists kept on the sheets the user fills.
	listUnits    = "units"
	listProjects = "projects"
)

// kindNames are the Chinese names of the table kinds (空表说明).
var kindNames = map[yusuan.TableKind]string{
	yusuan.KindSummary:                 "收支总体情况表",
	yusuan.KindIncome:                  "收入总体情况表",
	yusuan.KindExpenditure:             "支出总体情况表",
	yusuan.KindFiscalSummary:           "财政拨款收支总体情况表",
	yusuan.KindGeneralPublicFunctional: "一般公共预算支出情况表（功能分类）",
	yusuan.KindGeneralPublicEconomic:   "一般公共预算支出情况表（经济分类）",
	yusuan.KindGeneralPublicBasic:      "一般公共预算基本支出情况表",
	yusuan.KindThreePublic:             "“三公”经费支出情况表",
	yusuan.KindGovFund:                 "政府性基金预算支出情况表",
	yusuan.KindStateCapital:            "国有资本经营预算支出情况表",
	yusuan.KindProcurement:             "政府采购预算表",
	yusuan.KindPerformanceDepartment:   "部门（单位）整体绩效目标表",
	yusuan.KindPerformanceProject:      "项目绩效目标表",
	yusuan.KindOther:                   "其他表",
}

const (
	promptAmount = "以元为单位，最多两位小数，不能为负数；为零请填 0。"
	promptUnit   = "从下拉列表选择“单位”工作表中已填写的单位编码。"
	promptCode7  = "支出功能分类科目的项级编码（7 位），可从下拉列表选择，如“2010301 行政运行”；只填编码也可以。"
)

// Sheet names.
const (
	sheetHelp        = "填报说明"
	sheetInfo        = "基本信息"
	sheetUnits       = "单位"
	sheetDuties      = "职责与机构"
	sheetIncome      = "收入"
	sheetExpenditure = "支出"
	sheetProjects    = "项目"
	sheetProjectInd  = "项目绩效指标"
	sheetTasks       = "年度主要任务"
	sheetDeptInd     = "部门整体绩效指标"
	sheetProcurement = "政府采购"
	sheetLastYear    = "上年数与变动原因"
	sheetEmpty       = "空表说明"
	sheetTransfers   = "专项转移支付"
	sheetGlossary    = "名词解释"
	sheetCarry       = "结转结余"
	sheetFinalReason = "决算差异原因"
)

// info is the key-value sheet 基本信息: one fact per row, the label in
// column A, the value in column B and a note in column C.
var info = []column{
	{key: "profile", header: "公开格式", kind: kKey, list: listProfiles, prompt: "公开格式（yusuan profiles 列出可用格式），决定公开哪些表和说明。"},
	{key: "kind", header: "文件类型", kind: kEnum, enum: enumKind, prompt: "预算或决算；应与公开格式一致。不填即预算。"},
	{key: "level", header: "公开层级", kind: kEnum, enum: enumLevel, prompt: "部门预算（部门）或单位预算（单位）。不填即部门。"},
	{key: "year", header: "预算年度", kind: kInt, prompt: "如 2021；决定使用哪一年的政府收支分类科目。"},
	{key: "department.code", header: "部门编码", kind: kID},
	{key: "department.name", header: "部门名称", kind: kText},
	{key: "scope", header: "公开范围", kind: kText, prompt: "如：本部门2021年部门预算公开包括机关本级及所属单位预算。"},
	{key: "staffing.authorized", header: "编制总数", kind: kInt, prompt: "编制总数 = 行政编制 + 行政工勤 + 事业编制。"},
	{key: "staffing.administrative", header: "行政编制", kind: kInt},
	{key: "staffing.workers", header: "行政工勤编制", kind: kInt},
	{key: "staffing.institution", header: "事业编制", kind: kInt},
	{key: "staffing.employed", header: "在职职工", kind: kInt},
	{key: "staffing.retired", header: "离退休人员", kind: kInt},
	{key: "vehicles.total", header: "车辆总数", kind: kInt, prompt: "车辆总数 = 下列五类车辆之和。"},
	{key: "vehicles.general", header: "一般公务用车", kind: kInt},
	{key: "vehicles.law_enforcement", header: "一般执法执勤用车", kind: kInt},
	{key: "vehicles.special", header: "特种专业技术用车", kind: kInt},
	{key: "vehicles.confidential", header: "机要通信用车", kind: kInt},
	{key: "vehicles.other", header: "其他用车", kind: kInt},
	{key: "vehicles.other_use", header: "其他用车用途", kind: kText},
	{key: "assets.as_of", header: "资产统计截止日期", kind: kDate, prompt: "如 2020-12-31。"},
	{key: "assets.general_equipment", header: "单价50万元以上通用设备（台套）", kind: kInt},
	{key: "assets.special_equipment", header: "单位价值100万元以上专用设备（台套）", kind: kInt},
	{key: "performance.goal", header: "部门整体绩效：年度履职目标", kind: kText, prompt: "部门（单位）整体绩效目标表的年度履职目标；年度主要任务和绩效指标见各自的工作表。"},
	{key: "final.surplus_use", header: "使用非财政拨款结余（元）", kind: kAmount, final: true},
	{key: "final.surplus_distribution", header: "结余分配（元）", kind: kAmount, final: true},
	{key: "final.three_public.abroad_groups", header: "因公出国（境）团组数", kind: kInt, final: true},
	{key: "final.three_public.abroad_people", header: "因公出国（境）人次", kind: kInt, final: true},
	{key: "final.three_public.vehicles_purchased", header: "公务用车购置数量", kind: kInt, final: true},
	{key: "final.three_public.vehicles_held", header: "公务用车保有量", kind: kInt, final: true},
	{key: "final.three_public.receptions", header: "公务接待批次", kind: kInt, final: true},
	{key: "final.three_public.reception_people", header: "公务接待人次", kind: kInt, final: true},
	{key: "final.procurement.goods", header: "政府采购货物支出（元）", kind: kAmount, final: true, prompt: "政府采购支出按合同口径；五项都不填即不陈述政府采购支出。"},
	{key: "final.procurement.works", header: "政府采购工程支出（元）", kind: kAmount, final: true},
	{key: "final.procurement.services", header: "政府采购服务支出（元）", kind: kAmount, final: true},
	{key: "final.procurement.sme", header: "授予中小企业合同金额（元）", kind: kAmount, final: true},
	{key: "final.procurement.small_micro", header: "其中授予小微企业合同金额（元）", kind: kAmount, final: true},
	{key: "final.performance.level1", header: "绩效自评：一级项目个数", kind: kInt, final: true, prompt: "三项都不填即不陈述绩效自评。"},
	{key: "final.performance.level2", header: "绩效自评：二级项目个数", kind: kInt, final: true},
	{key: "final.performance.amount", header: "绩效自评：涉及资金（元）", kind: kAmount, final: true},
}

func infoRow(key string) *column {
	for i := range info {
		if info[i].key == key {
			return &info[i]
		}
	}
	return nil
}

var (
	unitSheet = &sheet{name: sheetUnits, path: "units", intro: "预算单位（机关本级和各所属单位），部门预算是各单位预算之和。", cols: []column{
		{key: "code", header: "单位编码", kind: kID, width: 14, prompt: "如 003001；其他工作表的“单位”列从这里选择。"},
		{key: "name", header: "单位名称", kind: kText, width: 36},
		{key: "kind", header: "单位性质", kind: kEnum, enum: enumUnit, width: 26, prompt: "决定部门经济科目可以对应哪些政府经济科目。"},
	}}
	dutySheet = &sheet{name: sheetDuties, intro: "部门主要职责、内设机构和下属单位，每格一项，三列各自成表。", cols: []column{
		{key: "duties", header: "主要职责", kind: kText, width: 60},
		{key: "bodies", header: "内设机构", kind: kText, width: 30},
		{key: "subordinates", header: "下属单位", kind: kText, width: 30},
	}}
	incomeSheet = &sheet{name: sheetIncome, path: "income", intro: "收入：每个单位、每个资金来源一行。每个单位、每个资金来源的收入应等于其支出之和。", cols: []column{
		{key: "unit", header: "单位", kind: kID, list: listUnits, width: 12, prompt: promptUnit},
		{key: "source", header: "资金来源", kind: kEnum, enum: enumSource, width: 26},
		{key: "function", header: "功能科目", kind: kCode, digits: 7, list: listFunctional, width: 34, final: true, prompt: "决算的收入按功能科目列示：" + promptCode7},
		{key: "amount", header: "金额（元）", kind: kAmount, width: 18, prompt: promptAmount},
		{key: "note", header: "备注", kind: kText, width: 30},
	}}
	expenditureSheet = &sheet{name: sheetExpenditure, path: "expenditure", intro: "支出：最细的事实。每行是一个单位在一个功能科目（项）、部门经济科目（款）、政府经济科目（款）、基本或项目支出、一个资金来源下的金额。各张公开表、“三公”经费、机关运行经费、人员经费和公用经费都由这些行汇总得出，不必另填。", cols: []column{
		{key: "unit", header: "单位", kind: kID, list: listUnits, width: 12, prompt: promptUnit},
		{key: "function", header: "功能科目", kind: kCode, digits: 7, list: listFunctional, width: 34, prompt: promptCode7},
		{key: "econ", header: "部门经济科目", kind: kCode, digits: 5, list: listEcon, width: 28, prompt: "部门预算支出经济分类的款级编码（5 位），如“30101 基本工资”。"},
		{key: "gov_econ", header: "政府经济科目", kind: kCode, digits: 5, list: listGovEcon, width: 28, prompt: "政府预算支出经济分类的款级编码（5 位），须符合财预〔2017〕98号对照关系。"},
		{key: "nature", header: "支出性质", kind: kEnum, enum: enumNature, width: 12, prompt: "基本支出只能使用 301、302、303、309、310 类经济科目；项目支出须填写项目。"},
		{key: "project", header: "项目", kind: kID, list: listProjects, width: 16, prompt: "项目支出所属项目的编号（“项目”工作表）；基本支出不填。"},
		{key: "source", header: "资金来源", kind: kEnum, enum: enumSource, width: 26},
		{key: "amount", header: "金额（元）", kind: kAmount, width: 18, prompt: "预算为预算数，决算为决算数。" + promptAmount},
		{key: "budget_initial", header: "年初预算数（元）", kind: kAmount, width: 18, final: true, prompt: "决算：财政拨款（一般公共预算、政府性基金、国有资本经营）支出须填写，可为 0。"},
		{key: "budget_full", header: "全年预算数（元）", kind: kAmount, width: 18, final: true, prompt: "决算：调整后的全年预算数；未调整不填。"},
		{key: "note", header: "备注", kind: kText, width: 30, prompt: "为什么这样拆分（例如由公开表推算的拆分）。"},
	}}
	projectSheet = &sheet{name: sheetProjects, path: "projects", intro: "预算项目和项目绩效目标表的文字部分；项目本年金额由“支出”工作表中该项目的支出合计得出。", cols: []column{
		{key: "id", header: "项目编号", kind: kID, width: 14, prompt: "本文件内唯一的简短编号（如 hotline 或 P001），“支出”和“政府采购”工作表用它指向项目。"},
		{key: "name", header: "项目名称", kind: kText, width: 34},
		{key: "unit", header: "单位", kind: kID, list: listUnits, width: 12, prompt: promptUnit},
		{key: "type", header: "项目类型", kind: kEnum, enum: enumProjectType, width: 22},
		{key: "use", header: "资金用途", kind: kText, width: 14},
		{key: "manager", header: "项目负责人", kind: kText, width: 12},
		{key: "contact", header: "联系人", kind: kText, width: 12},
		{key: "phone", header: "联系电话", kind: kText, width: 16},
		{key: "start", header: "开始日期", kind: kDate, width: 12},
		{key: "end", header: "结束日期", kind: kDate, width: 12},
		{key: "total", header: "项目总金额（元）", kind: kAmount, width: 18, prompt: "项目各年度合计金额。" + promptAmount},
		{key: "last_year_total", header: "上年度项目总金额（元）", kind: kAmount, width: 18},
		{key: "last_year", header: "项目上年度金额（元）", kind: kAmount, width: 18},
		{key: "overview", header: "项目概况", kind: kText, width: 40},
		{key: "basis", header: "立项依据", kind: kText, width: 40},
		{key: "necessity", header: "项目设立的必要性", kind: kText, width: 40},
		{key: "measures", header: "项目配套制度措施", kind: kText, width: 40},
		{key: "plan", header: "项目实施计划", kind: kText, width: 40},
		{key: "overall_goal", header: "项目总目标", kind: kText, width: 40},
		{key: "annual_goal", header: "年度绩效目标", kind: kText, width: 40},
		{key: "remark", header: "备注", kind: kText, width: 30},
	}}
	projectIndSheet = &sheet{name: sheetProjectInd, path: "projects.indicators", intro: "项目绩效指标：每个三级指标一行；只填一级、二级而不填三级指标名称的行，是表中没有指标的二级指标。", cols: []column{
		{key: "project", header: "项目", kind: kID, list: listProjects, width: 16, prompt: "指标所属项目的编号（“项目”工作表）。"},
		{key: "level1", header: "一级指标", kind: kText, width: 14, prompt: "如 产出指标、效益指标、满意度指标。"},
		{key: "level2", header: "二级指标", kind: kText, width: 14, prompt: "如 数量指标、质量指标、时效指标、成本指标。"},
		{key: "name", header: "三级指标", kind: kText, width: 30},
		{key: "target", header: "指标值", kind: kText, width: 16, prompt: "如 ≥98%、=100%、4000册、合理；填写了三级指标就必须填写。"},
		{key: "measure", header: "度量单位", kind: kText, width: 12},
	}}
	taskSheet = &sheet{name: sheetTasks, path: "performance.tasks", intro: "部门（单位）整体绩效目标表的年度主要任务。", cols: []column{
		{key: "name", header: "任务名称", kind: kText, width: 30},
		{key: "content", header: "主要内容", kind: kText, width: 60},
	}}
	deptIndSheet = &sheet{name: sheetDeptInd, path: "performance.indicators", intro: "部门（单位）整体绩效目标表的绩效指标，填法同项目绩效指标。", cols: []column{
		{key: "level1", header: "一级指标", kind: kText, width: 14},
		{key: "level2", header: "二级指标", kind: kText, width: 14},
		{key: "name", header: "三级指标", kind: kText, width: 30},
		{key: "target", header: "指标值", kind: kText, width: 16, prompt: "如 ≥98%、=100%、4000册、合理；填写了三级指标就必须填写。"},
		{key: "measure", header: "度量单位", kind: kText, width: 12},
	}}
	procurementSheet = &sheet{name: sheetProcurement, path: "procurement", intro: "政府采购预算：每个采购品目一行。它的金额是“支出”工作表中单位、功能科目、经济科目、支出性质（和项目）相同的支出的一部分。", cols: []column{
		{key: "unit", header: "单位", kind: kID, list: listUnits, width: 12, prompt: promptUnit},
		{key: "function", header: "功能科目", kind: kCode, digits: 7, list: listFunctional, width: 34, prompt: promptCode7},
		{key: "econ", header: "部门经济科目", kind: kCode, digits: 5, list: listEcon, width: 28},
		{key: "nature", header: "支出性质", kind: kEnum, enum: enumNature, width: 12},
		{key: "project", header: "项目", kind: kID, list: listProjects, width: 16},
		{key: "purpose", header: "采购项目", kind: kText, width: 20},
		{key: "catalog", header: "采购目录", kind: kText, width: 24},
		{key: "item", header: "采购品目（规格）", kind: kText, width: 24},
		{key: "measure", header: "计量单位", kind: kText, width: 10},
		{key: "quantity", header: "数量", kind: kInt, width: 10, prompt: "正整数。"},
		{key: "unit_price", header: "单价（元）", kind: kAmount, width: 16, prompt: "数量 × 单价应等于金额；单价不详填 0。"},
		{key: "amount", header: "金额（元）", kind: kAmount, width: 18, prompt: promptAmount},
		{key: "category", header: "采购类别", kind: kEnum, enum: enumCategory, width: 10},
		{key: "name", header: "简称", kind: kText, width: 14, prompt: "说明文字列举采购内容时用的简称。"},
	}}
	lastYearSheet = &sheet{name: sheetLastYear, path: "last_year", intro: "上年数和变动原因：说明文字陈述的每个增减变化都需要上年数，不为零的变化都需要原因。“三公”经费、机关运行经费等由支出行汇总得出，这里只填它们的上年数和变动原因。", cols: []column{
		{key: "measure", header: "指标代码", kind: kKey, list: listMeasures, width: 32, prompt: "从下拉列表选择；各指标的含义见“指标名称”列和填报说明。"},
		{key: "title", header: "指标名称", kind: kText, width: 28, prompt: "只作说明，读取时不使用。"},
		{key: "last_year", header: "上年数（元）", kind: kAmount, width: 18, prompt: "上年批复的数额（决算为上年决算数）；不陈述变化的指标可不填。" + promptAmount},
		{key: "reason", header: "变动原因", kind: kText, width: 60, prompt: "与上年相比增加或减少的主要原因。"},
	}}
	emptySheet = &sheet{name: sheetEmpty, path: "empty_tables", intro: "空表说明：公开格式中某张表没有数据时，须说明原因。", cols: []column{
		{key: "kind", header: "表类型", kind: kKey, list: listKinds, width: 28, prompt: "从下拉列表选择。"},
		{key: "title", header: "表名称", kind: kText, width: 34, prompt: "只作说明，读取时不使用。"},
		{key: "text", header: "说明", kind: kText, width: 60, prompt: "如：本部门无政府性基金预算安排的支出，故本表无数据。"},
	}}
	transferSheet = &sheet{name: sheetTransfers, path: "special_transfers", intro: "本部门安排的专项转移支付项目。", cols: []column{
		{key: "name", header: "项目名称", kind: kText, width: 40},
		{key: "amount", header: "金额（元）", kind: kAmount, width: 18, prompt: promptAmount},
	}}
	glossarySheet = &sheet{name: sheetGlossary, path: "glossary", intro: "名词解释。", cols: []column{
		{key: "term", header: "名词", kind: kText, width: 24},
		{key: "definition", header: "解释", kind: kText, width: 80},
	}}
	carrySheet = &sheet{name: sheetCarry, path: "final.carry", final: true, intro: "决算：年初结转和结余、年末结转和结余，按单位、资金来源（政府性基金按功能科目）。每项资金：年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余。", cols: []column{
		{key: "unit", header: "单位", kind: kID, list: listUnits, width: 12, prompt: "可不填（部门合计）。"},
		{key: "source", header: "资金来源", kind: kEnum, enum: enumSource, width: 26},
		{key: "function", header: "功能科目", kind: kCode, digits: 7, list: listFunctional, width: 34, prompt: "可不填；政府性基金按功能科目列示时填写。"},
		{key: "in", header: "年初结转和结余（元）", kind: kAmount, width: 18, prompt: "必填，可为 0。"},
		{key: "out", header: "年末结转和结余（元）", kind: kAmount, width: 18, prompt: "必填，可为 0。"},
		{key: "note", header: "备注", kind: kText, width: 30},
	}}
	finalReasonSheet = &sheet{name: sheetFinalReason, path: "final.reasons", final: true, intro: "决算：决算数与预算数不同的原因，按对象：function:科目编码（如 function:2010301）、appropriation、three_public、three_public.abroad 等。", cols: []column{
		{key: "ref", header: "对象", kind: kKey, width: 32, prompt: "function:2010301 这样的功能科目，或 appropriation、three_public、three_public.abroad 等指标代码。"},
		{key: "reason", header: "原因", kind: kText, width: 70},
	}}
)

// sheets are the list sheets in the order the workbook shows them.
var sheets = []*sheet{unitSheet, dutySheet, incomeSheet, expenditureSheet, projectSheet, projectIndSheet, taskSheet, deptIndSheet,
	procurementSheet, lastYearSheet, emptySheet, transferSheet, glossarySheet, carrySheet, finalReasonSheet}

func sheetByPath(path string) *sheet {
	for _, s := range sheets {
		if s.path == path {
			return s
		}
	}
	return nil
}
