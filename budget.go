package yusuan

// Budget is one department's approved annual budget (部门预算) at fact
// grain. Every table and every figure of the disclosure is a projection of
// these facts; nothing in a compiled document is entered twice.
type Budget struct {
	// Profile is the disclosure format the budget is published in, e.g.
	// zhengzhou-2021; a command-line flag may override it.
	Profile string `json:"profile,omitempty"`
	// Kind is DocBudget (default) or DocFinal: final accounts (决算), whose
	// lines hold 决算数 and whose Final block the execution facts. Level is
	// LevelDepartment (default) or LevelBudgetUnit.
	Kind       string     `json:"kind,omitempty"`
	Level      string     `json:"level,omitempty"`
	Year       int        `json:"year"`
	Department Department `json:"department"`
	// Units are the budget units (预算单位) whose sum is the department budget.
	Units []Unit `json:"units"`
	// Profile facts: 部门基本情况.
	Duties       []string `json:"duties"`
	Bodies       []string `json:"bodies,omitempty"`       // 内设机构
	Subordinates []string `json:"subordinates,omitempty"` // 下属单位
	Scope        string   `json:"scope,omitempty"`        // what the disclosure covers (预算公开包括…)
	Staffing     Staffing `json:"staffing"`
	Vehicles     Vehicles `json:"vehicles"`
	Assets       Assets   `json:"assets"`

	Income      []IncomeLine      `json:"income"`
	Expenditure []ExpenditureLine `json:"expenditure"`
	Projects    []Project         `json:"projects,omitempty"`
	Procurement []ProcurementItem `json:"procurement,omitempty"`
	// Performance is the department's overall performance target (部门整体绩效目标).
	Performance *DepartmentPerformance `json:"performance,omitempty"`
	// LastYear holds last year's approved figures, the base of every
	// year-on-year change, and Reasons the stated reason for each change.
	LastYear LastYear          `json:"last_year"`
	Reasons  map[string]string `json:"reasons,omitempty"`
	// EmptyTables explains, by table kind, why a table has no figures.
	EmptyTables map[TableKind]string `json:"empty_tables,omitempty"`
	// SpecialTransfers are 专项转移支付项目 arranged by the department.
	SpecialTransfers []SpecialTransfer `json:"special_transfers,omitempty"`
	Glossary         []Term            `json:"glossary,omitempty"`
	// Final holds the facts only final accounts have (kind final).
	Final *FinalAccounts `json:"final,omitempty"`
}

// IsFinal reports whether the budget is final accounts (决算).
func (b *Budget) IsFinal() bool { return b.Kind == DocFinal }

// FinalAccounts are the execution facts of final accounts (部门决算) beyond
// the lines: carry-overs by fund, surplus use and distribution, the counts
// the 三公 narrative states, and the stated reasons where a 决算数 differs
// from its budget.
type FinalAccounts struct {
	// Carry is 年初结转和结余 and 年末结转和结余 by unit, source and, where a
	// table prints it by function (政府性基金), functional 项.
	Carry []CarryLine `json:"carry"`
	// SurplusUse is 使用非财政拨款结余, SurplusDistribution 结余分配.
	SurplusUse          Amount `json:"surplus_use,omitempty"`
	SurplusDistribution Amount `json:"surplus_distribution,omitempty"`
	// ThreePublic holds the counts the 三公 narrative states.
	ThreePublic ThreePublicCounts `json:"three_public"`
	// Procurement is 政府采购支出 by contract (合同口径), as final accounts
	// state it; Performance is the self-assessment of the year's projects.
	Procurement *FinalProcurement `json:"procurement,omitempty"`
	Performance *FinalPerformance `json:"performance,omitempty"`
	// Reasons explains, by reference (function:CODE, appropriation,
	// three_public, three_public.abroad, …), why a 决算数 differs from its
	// 年初预算数 (or, for 三公, its 全年预算数).
	Reasons map[string]string `json:"reasons,omitempty"`
}

// CarryLine is one fund's carry-over (结转和结余): what it held at the
// start of the year (In) and at its end (Out).
type CarryLine struct {
	Unit     string  `json:"unit,omitempty"`
	Source   Source  `json:"source"`
	Function string  `json:"function,omitempty"`
	In       *Amount `json:"in"`
	Out      *Amount `json:"out"`
	Note     string  `json:"note,omitempty"`
}

// FinalProcurement is the year's government procurement spending (政府采购
// 支出, by contract): its total is goods + works + services.
type FinalProcurement struct {
	Goods      Amount `json:"goods"`       // 政府采购货物支出
	Works      Amount `json:"works"`       // 政府采购工程支出
	Services   Amount `json:"services"`    // 政府采购服务支出
	SME        Amount `json:"sme"`         // 授予中小企业合同金额
	SmallMicro Amount `json:"small_micro"` // 其中授予小微企业合同金额
}

// FinalPerformance is the performance self-assessment (绩效自评) of the
// year's general public budget projects.
type FinalPerformance struct {
	Level1 *int   `json:"level1"` // 一级项目个数
	Level2 *int   `json:"level2"` // 二级项目个数
	Amount Amount `json:"amount"` // 涉及资金
}

// ThreePublicCounts are the counts of 三公 activity in final accounts.
// Every one is required: a missing count is an error, never a zero.
type ThreePublicCounts struct {
	AbroadGroups      *int `json:"abroad_groups"`      // 因公出国（境）团组数
	AbroadPeople      *int `json:"abroad_people"`      // 因公出国（境）人次
	VehiclesPurchased *int `json:"vehicles_purchased"` // 公务用车购置数量
	VehiclesHeld      *int `json:"vehicles_held"`      // 公务用车保有量
	Receptions        *int `json:"receptions"`         // 公务接待批次
	ReceptionPeople   *int `json:"reception_people"`   // 公务接待人次
}

// Carry sums the carry-overs (in or out) the filter selects by unit,
// source and function.
func (b *Budget) Carry(f Filter, out bool) Amount {
	if b.Final == nil {
		return 0
	}
	var s Amount
	for _, c := range b.Final.Carry {
		if f.Unit != "" && c.Unit != f.Unit {
			continue
		}
		if !f.MatchSource(c.Source) || (len(f.Function) > 0 && !hasPrefix(c.Function, f.Function)) {
			continue
		}
		p := c.In
		if out {
			p = c.Out
		}
		if p != nil {
			s += *p
		}
	}
	return s
}

// Department is a budget department (预算部门).
type Department struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// UnitKind tells an administrative unit (行政) from a public institution
// (事业); it decides which government economic codes a line may map to.
type UnitKind string

const (
	UnitAdministrative UnitKind = "administrative" // 行政单位
	UnitCivilService   UnitKind = "civil_service"  // 参照公务员法管理的事业单位 (参公)
	UnitInstitution    UnitKind = "institution"    // 事业单位
)

// Unit is a budget unit (预算单位), e.g. 003001 郑州市人民政府办公厅机关.
type Unit struct {
	Code string   `json:"code"`
	Name string   `json:"name"`
	Kind UnitKind `json:"kind"`
}

// Staffing is 人员构成: authorised posts (编制) and people.
type Staffing struct {
	Authorized     int `json:"authorized"`     // 编制总数
	Administrative int `json:"administrative"` // 行政编制
	Workers        int `json:"workers"`        // 行政工勤
	Institution    int `json:"institution"`    // 事业编制
	Employed       int `json:"employed"`       // 在职职工
	Retired        int `json:"retired"`        // 离退休人员
}

// Vehicles is 车辆构成, by kind.
type Vehicles struct {
	Total          int    `json:"total"`
	General        int    `json:"general"`         // 一般公务用车
	LawEnforcement int    `json:"law_enforcement"` // 一般执法执勤用车
	Special        int    `json:"special"`         // 特种专业技术用车
	Confidential   int    `json:"confidential"`    // 机要通信用车
	Other          int    `json:"other"`           // 其他用车
	OtherUse       string `json:"other_use,omitempty"`
}

// Assets is 国有资产占用情况.
type Assets struct {
	AsOf             string `json:"as_of,omitempty"`   // e.g. 2020-12-31
	GeneralEquipment int    `json:"general_equipment"` // 单价50万元以上通用设备 (台套)
	SpecialEquipment int    `json:"special_equipment"` // 单位价值100万元以上专用设备 (台套)
}

// Source is where money comes from (收入来源 / 资金来源).
type Source string

// The income sources of the MoF template. The general public budget
// (一般公共预算) is split into its five kinds.
const (
	SourceAppropriation  Source = "appropriation"   // 一般公共预算财政拨款
	SourceSpecialRevenue Source = "special_revenue" // 专项收入
	SourceAdminFees      Source = "admin_fees"      // 行政事业性收费收入
	SourceStateResources Source = "state_resources" // 国有资源（资产）有偿使用收入
	SourceOtherPublic    Source = "other_public"    // 其他一般公共预算收入
	SourceGovFund        Source = "gov_fund"        // 政府性基金预算
	SourceStateCapital   Source = "state_capital"   // 国有资本经营预算
	SourceSpecialAccount Source = "special_account" // 财政专户管理的非税收入
	SourceBusiness       Source = "business"        // 事业收入
	SourceOperating      Source = "operating"       // 事业单位经营收入
	SourceOther          Source = "other"           // 其他收入
	SourceTransfer       Source = "transfer"        // 上级转移支付
	SourceCarryover      Source = "carryover"       // 上年结转
	// Income sources of unit budgets and final accounts.
	SourceSuperior   Source = "superior"   // 上级补助收入
	SourceAffiliated Source = "affiliated" // 附属单位上缴收入
)

// Sources lists every source in the order tables print them, with its name.
var Sources = []struct {
	Source Source
	Name   string
	Group  Source // the budget it belongs to; general public sources group under SourceAppropriation's budget
}{
	{SourceAppropriation, "财政拨款", FundGeneralPublic},
	{SourceSpecialRevenue, "专项收入", FundGeneralPublic},
	{SourceAdminFees, "行政事业性收费收入", FundGeneralPublic},
	{SourceStateResources, "国有资源（资产）有偿使用收入", FundGeneralPublic},
	{SourceOtherPublic, "其他一般公共预算收入", FundGeneralPublic},
	{SourceGovFund, "政府性基金预算", SourceGovFund},
	{SourceStateCapital, "国有资本经营预算", SourceStateCapital},
	{SourceSpecialAccount, "财政专户管理的非税收入", SourceSpecialAccount},
	{SourceBusiness, "事业收入", SourceBusiness},
	{SourceOperating, "事业单位经营收入", SourceOperating},
	{SourceOther, "其他收入", SourceOther},
	{SourceTransfer, "上级转移支付", SourceTransfer},
	{SourceCarryover, "上年结转", SourceCarryover},
	{SourceSuperior, "上级补助收入", SourceSuperior},
	{SourceAffiliated, "附属单位上缴收入", SourceAffiliated},
}

// FundGeneralPublic names the general public budget (一般公共预算) as a
// group of sources in filters.
const FundGeneralPublic Source = "general_public"

// ValidSource reports whether s is a known source.
func ValidSource(s Source) bool {
	for _, x := range Sources {
		if x.Source == s {
			return true
		}
	}
	return false
}

// SourceGroup returns the budget a source belongs to (general_public for
// the five general public budget sources, the source itself otherwise).
func SourceGroup(s Source) Source {
	for _, x := range Sources {
		if x.Source == s {
			return x.Group
		}
	}
	return s
}

// Fiscal reports whether money from s is 财政拨款 in the broad sense of the
// 财政拨款收支总体情况表: appropriations from the general public budget,
// the government fund budget and the state capital budget.
func Fiscal(s Source) bool {
	return s == SourceAppropriation || s == SourceGovFund || s == SourceStateCapital
}

// IncomeLine is one income fact (收入): how much a unit receives from a source.
type IncomeLine struct {
	Unit   string `json:"unit"`
	Source Source `json:"source"`
	Amount Amount `json:"amount"`
	// Function is the functional 项 the income is booked under; final
	// accounts print income by function (收入决算表) and require it.
	Function string `json:"function,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Nature separates 基本支出 from 项目支出.
type Nature string

const (
	NatureBasic   Nature = "basic"   // 基本支出
	NatureProject Nature = "project" // 项目支出
	// Natures of final accounts' 支出决算表 beside basic and project.
	NatureRemit     Nature = "remit"     // 上缴上级支出
	NatureOperating Nature = "operating" // 经营支出
	NatureSubsidy   Nature = "subsidy"   // 对附属单位补助支出
)

// ExpenditureLine is the finest fact of the budget: an amount of one unit,
// classified by function (项), department economic 款 and government
// economic 款, basic or project, financed from one source.
type ExpenditureLine struct {
	Unit     string `json:"unit"`
	Function string `json:"function"` // 支出功能分类 项 code, 7 digits
	Econ     string `json:"econ"`     // 部门预算支出经济分类 款 code, 5 digits
	GovEcon  string `json:"gov_econ"` // 政府预算支出经济分类 款 code, 5 digits
	Nature   Nature `json:"nature"`
	Project  string `json:"project,omitempty"` // Project.ID, required when Nature is project
	Source   Source `json:"source"`
	Amount   Amount `json:"amount"`
	Note     string `json:"note,omitempty"` // why the line is split this way
	// BudgetInitial (年初预算数) and BudgetFull (全年预算数, after
	// adjustments) are final accounts' budget figures of the line, whose
	// Amount is then its 决算数. BudgetFull absent means no adjustment.
	BudgetInitial *Amount `json:"budget_initial,omitempty"`
	BudgetFull    *Amount `json:"budget_full,omitempty"`
}

// Initial returns the line's 年初预算数 (zero when not given).
func (l *ExpenditureLine) Initial() Amount {
	if l.BudgetInitial == nil {
		return 0
	}
	return *l.BudgetInitial
}

// Full returns the line's 全年预算数: BudgetFull, or the 年初预算数 when
// the budget was not adjusted.
func (l *ExpenditureLine) Full() Amount {
	if l.BudgetFull != nil {
		return *l.BudgetFull
	}
	return l.Initial()
}

// Quantity returns the line's figure of a quantity: its amount for "" or
// expenditure, its 年初预算数 or 全年预算数.
func (l *ExpenditureLine) Quantity(q string) Amount {
	switch q {
	case QuantityBudgetInitial:
		return l.Initial()
	case QuantityBudgetFull:
		return l.Full()
	}
	return l.Amount
}

// ProjectType is Zhengzhou's project typing.
type ProjectType string

const (
	ProjectSocial       ProjectType = "social"       // 社会事业和经济发展项目
	ProjectDebt         ProjectType = "debt"         // 债务项目
	ProjectConstruction ProjectType = "construction" // 基本建设项目
	ProjectOther        ProjectType = "other"        // 其他项目
)

// Project is a 预算项目 with its performance target table (项目绩效目标表).
// Its budget this year is the sum of its expenditure lines.
type Project struct {
	ID      string      `json:"id"`
	Name    string      `json:"name"`
	Unit    string      `json:"unit"`
	Type    ProjectType `json:"type"`
	Use     string      `json:"use,omitempty"`     // 资金用途
	Manager string      `json:"manager,omitempty"` // 项目负责人
	Contact string      `json:"contact,omitempty"` // 联系人
	Phone   string      `json:"phone,omitempty"`
	Start   string      `json:"start,omitempty"`
	End     string      `json:"end,omitempty"`
	// Total is 项目总金额 (all years); this year's amount is derived from the lines.
	Total         Amount      `json:"total"`
	LastYearTotal Amount      `json:"last_year_total"`        // 上年度项目总金额
	LastYear      Amount      `json:"last_year"`              // 项目上年度金额
	Overview      string      `json:"overview,omitempty"`     // 项目概况
	Basis         string      `json:"basis,omitempty"`        // 立项依据
	Necessity     string      `json:"necessity,omitempty"`    // 项目设立的必要性
	Measures      string      `json:"measures,omitempty"`     // 项目配套制度措施
	Plan          string      `json:"plan,omitempty"`         // 项目实施计划
	Remark        string      `json:"remark,omitempty"`       // 备注
	OverallGoal   string      `json:"overall_goal,omitempty"` // 项目总目标
	AnnualGoal    string      `json:"annual_goal,omitempty"`  // 年度绩效目标
	Indicators    []Indicator `json:"indicators,omitempty"`
}

// Indicator is one row of a performance indicator tree: 一级 › 二级 › 三级
// with its target value (目标值). A row with an empty Name is a 二级
// heading printed with no indicator, as real tables do.
type Indicator struct {
	Level1  string `json:"level1"`
	Level2  string `json:"level2"`
	Name    string `json:"name,omitempty"`
	Target  string `json:"target,omitempty"`
	Measure string `json:"measure,omitempty"` // 度量单位 or 定性/定量指标
}

// ProcurementCategory is 货物 / 工程 / 服务.
type ProcurementCategory string

const (
	ProcureGoods    ProcurementCategory = "goods"
	ProcureWorks    ProcurementCategory = "works"
	ProcureServices ProcurementCategory = "services"
)

// ProcurementItem is one line of the 政府采购预算表. Its money is part of
// an expenditure line with the same unit, function, economic code and nature.
type ProcurementItem struct {
	Unit      string              `json:"unit"`
	Function  string              `json:"function"`
	Econ      string              `json:"econ"`
	Nature    Nature              `json:"nature"`
	Project   string              `json:"project,omitempty"`
	Purpose   string              `json:"purpose"` // 采购项目, e.g. 办公设备购置
	Catalog   string              `json:"catalog"` // 采购目录
	Item      string              `json:"item"`    // 规格 / the thing bought
	Measure   string              `json:"measure"` // 计量单位
	Quantity  int64               `json:"quantity"`
	UnitPrice Amount              `json:"unit_price"`
	Amount    Amount              `json:"amount"`
	Category  ProcurementCategory `json:"category"`
	Name      string              `json:"name,omitempty"` // short name used in the narrative list
}

// DepartmentPerformance is the 部门（单位）整体绩效目标表. Its budget
// figures are projected from the budget, never entered.
type DepartmentPerformance struct {
	Goal       string      `json:"goal"` // 年度履职目标
	Tasks      []Task      `json:"tasks"`
	Indicators []Indicator `json:"indicators"`
}

// Task is a 年度主要任务.
type Task struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

// LastYear is last year's approved budget: the base of every change the
// narrative states, keyed by measure name (see Measures), e.g. "total",
// "three_public.vehicle_operation".
type LastYear map[string]Amount

// SpecialTransfer is a 专项转移支付项目.
type SpecialTransfer struct {
	Name   string `json:"name"`
	Amount Amount `json:"amount"`
}

// Term is a glossary entry (名词解释).
type Term struct {
	Term       string `json:"term"`
	Definition string `json:"definition"`
}

// UnitByCode returns the unit with the code, if any.
func (b *Budget) UnitByCode(code string) (Unit, bool) {
	for _, u := range b.Units {
		if u.Code == code {
			return u, true
		}
	}
	return Unit{}, false
}

// ProjectByID returns the project with the id, if any.
func (b *Budget) ProjectByID(id string) (*Project, bool) {
	for i := range b.Projects {
		if b.Projects[i].ID == id {
			return &b.Projects[i], true
		}
	}
	return nil, false
}
