package check

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// Classification: codes against the catalog of the document's year.

// schemeOf says which classification a coded table's row codes use.
func schemeOf(k yusuan.TableKind) yusuan.Scheme {
	switch k {
	case yusuan.KindGeneralPublicEconomic, yusuan.KindGeneralPublicBasic:
		return yusuan.SchemeEcon
	}
	return yusuan.SchemeFunctional
}

var schemeNames = map[yusuan.Scheme]string{yusuan.SchemeFunctional: "支出功能分类", yusuan.SchemeEcon: "部门预算支出经济分类", yusuan.SchemeGovEcon: "政府预算支出经济分类"}

// codedRows calls fn for every classification row of the coded tables,
// with the code's scheme and, for government economic codes, the row's
// gov code.
func (p *Pass) codedRows(fn func(t *yusuan.Table, r *yusuan.Row, s yusuan.Scheme, code, name string)) {
	for _, t := range p.codedTables() {
		for i := range t.Rows {
			r := &t.Rows[i]
			lv := level(r)
			if lv == yusuan.LevelUnit || lv == yusuan.LevelTotal || !yusuan.IsDigits(r.Code) {
				continue
			}
			fn(t, r, schemeOf(t.Kind), r.Code, r.Name)
			if r.GovCode != "" {
				fn(t, r, yusuan.SchemeGovEcon, r.GovCode, r.GovName)
			}
		}
	}
	// Two-sided tables that print expenditure by functional 类 (Shanghai).
	for _, k := range []yusuan.TableKind{yusuan.KindSummary, yusuan.KindFiscalSummary} {
		for _, t := range p.Doc.TablesOf(k) {
			for i := range t.Rows {
				if r := &t.Rows[i]; yusuan.IsDigits(r.Code) {
					fn(t, r, yusuan.SchemeFunctional, r.Code, r.Name)
				}
			}
		}
	}
}

func (p *Pass) codeExists(s yusuan.Scheme) {
	cat := p.Ctx.Catalog
	if cat == nil || cat.Scheme(s) == nil || cat.Scheme(s).Len() == 0 {
		return
	}
	cl := cat.Scheme(s)
	seen := map[string]bool{}
	p.codedRows(func(t *yusuan.Table, r *yusuan.Row, sc yusuan.Scheme, code, _ string) {
		if sc != s || cl.Has(code) || seen[code] || p.localDetail(t, sc, code) {
			return
		}
		seen[code] = true
		col := ""
		if sc == yusuan.SchemeGovEcon {
			col = "gov_code"
		}
		f := Finding{Message: fmt.Sprintf("科目编码 %s 不在 %d 年%s科目中", code, cat.Year, schemeNames[s]),
			Actual: code, Expected: fmt.Sprintf("%d 年科目表中的编码", cat.Year), Detail: "科目表来源：" + cl.Source}
		if ed := reconstructed(cat, cl); ed != "" {
			// Not the official list of the year: a code it lacks may
			// still be right.
			f.Severity = Warning
			f.Message = fmt.Sprintf("科目编码 %s 不在所用的%s科目表（%s）中", code, schemeNames[s], ed)
			f.Detail = fmt.Sprintf("所用科目表不是财政部 %d 年的完整官方科目表，缺少的编码不一定有误，请以当年官方科目表核对。科目表来源：%s", cat.Year, cl.Source)
		}
		p.Report(cellFinding(t, r, col, f))
	})
}

// reconstructed names the edition of a classification that is not the
// official list of the catalog's year — an earlier edition, or one the
// project put together from the scheme and published documents — and is
// "" for an official, complete list.
func reconstructed(cat *yusuan.Catalog, cl *yusuan.Classification) string {
	src := strings.ToLower(cl.Source + " " + cl.Completeness)
	recon := false
	for _, w := range []string{"reconstructed", "compiled by the yusuan project", "partial", "not verified", "additions only", "printed in published"} {
		if strings.Contains(src, w) {
			recon = true
		}
	}
	ed := cl.Edition
	// Source starts with the edition the content comes from: "[2021] …".
	if len(cl.Source) > 6 && cl.Source[0] == '[' && cl.Source[5] == ']' {
		if y, err := strconv.Atoi(cl.Source[1:5]); err == nil {
			ed = y
		}
	}
	if ed != 0 && ed != cat.Year {
		return fmt.Sprintf("%d 年版，重构，用于 %d 年", ed, cat.Year)
	}
	if recon {
		return fmt.Sprintf("%d 年版，重构", cat.Year)
	}
	return ""
}

// nameMatches compares a printed name with the catalog's, allowing the
// profile's qualified names (行政运行（政府办公厅（室）及相关机构事务）),
// government-name suffixes (_行政, _事业) and spacing/bracket variants.
func (p *Pass) nameMatches(s yusuan.Scheme, code, printed string) (string, bool) {
	cat := p.Ctx.Catalog
	cl := cat.Scheme(s)
	want, ok := cl.Name(code)
	if !ok {
		return "", true
	}
	got := nameVariant(compact(stripOrdinal(printed)))
	for _, suf := range []string{"_行政", "_事业", "－行政", "－事业", "-行政", "-事业"} {
		got = strings.TrimSuffix(got, suf)
	}
	w := nameVariant(compact(want))
	if got == w || strings.TrimSuffix(got, "支出") == strings.TrimSuffix(w, "支出") {
		return want, true
	}
	if s == yusuan.SchemeFunctional && len(code) == 7 {
		if seg, ok := cl.Name(code[:5]); ok && got == w+"（"+compact(seg)+"）" {
			return want, true
		}
	}
	// An item printed with the qualifier of its class: 31101 资本金注入（基本建设）
	// under 311 对企业补助（基本建设）, to tell it from 31201 资本金注入.
	if len(code) == 5 {
		if cls, ok := cl.Name(code[:3]); ok {
			c := compact(cls)
			if i := strings.LastIndex(c, "（"); i > 0 && strings.HasSuffix(c, "）") && got == w+c[i:] {
				return want, true
			}
		}
	}
	// A name printed in a narrow column may be cut short by the layout.
	if len(got) >= 6 && strings.HasPrefix(w, got) {
		return want, true
	}
	return want, false
}

// ordinalRe is a list number printed before a name: “一、”, “（二）”, “3.”.
var ordinalRe = lazyre.New(`^\s*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、．.])\s*`)

// stripOrdinal removes a list number printed before a name.
func stripOrdinal(s string) string {
	t := strings.TrimSpace(s)
	if t == "" || !strings.ContainsRune("一二三四五六七八九十（(0123456789", []rune(t[:min(len(t), 3)])[0]) {
		return s
	}
	if loc := ordinalRe.FindStringIndex(s); loc != nil {
		return s[loc[1]:]
	}
	return s
}

// nameVariant writes the variants a reader does not count as a
// difference the same way: 其它 as 其他.
func nameVariant(s string) string {
	return strings.ReplaceAll(s, "其它", "其他")
}

// typo reports whether a and b differ in one character only (one
// replaced, added or left out) and are long enough for that to be an
// obvious slip rather than another name.
func typo(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if len(x) < len(y) {
		x, y = y, x
	}
	if len(y) < 4 || len(x)-len(y) > 1 {
		return false
	}
	i := 0
	for i < len(y) && x[i] == y[i] {
		i++
	}
	if len(x) == len(y) {
		return string(x[i+1:]) == string(y[i+1:])
	}
	return string(x[i+1:]) == string(y[i:])
}

func (p *Pass) nameMatch(s yusuan.Scheme) {
	cat := p.Ctx.Catalog
	if cat == nil || cat.Scheme(s) == nil {
		return
	}
	p.codedRows(func(t *yusuan.Table, r *yusuan.Row, sc yusuan.Scheme, code, name string) {
		if sc != s || strings.TrimSpace(name) == "" {
			return
		}
		if want, ok := p.nameMatches(s, code, name); !ok {
			col := ""
			if sc == yusuan.SchemeGovEcon {
				col = "gov_name"
			}
			if typo(nameVariant(compact(name)), nameVariant(compact(want))) {
				p.Report(cellFinding(t, r, col, Finding{Severity: Info, Message: fmt.Sprintf("科目 %s 的名称疑似笔误", code),
					Expected: want, Actual: name, Detail: "与科目表名称只差一个字"}))
				return
			}
			p.Report(cellFinding(t, r, col, Finding{Message: fmt.Sprintf("科目 %s 的名称与 %d 年科目表不符", code, cat.Year),
				Expected: want, Actual: name}))
		}
	})
}

// columnOfClass is the basic-expenditure column an economic class belongs to.
var columnOfClass = map[string]string{"301": "wages", "303": "household", "302": "goods", "309": "capital", "310": "capital"}

// sideOfClass is the 人员经费/公用经费 column an economic class belongs to.
var sideOfClass = map[string]string{"301": "personnel", "303": "personnel", "302": "public_funds", "309": "public_funds", "310": "public_funds"}

var _ = register(
	&Rule{ID: "CODE-001", Title: "功能科目编码存在", Severity: Warning, Category: CatClassification,
		Doc: "表中每个支出功能分类编码（类/款/项）都应在该年度的政府收支分类科目中。内置的功能分类科目表并不完整（见 catalog/ 的说明），所以这是警告；可用 --catalog 载入完整的官方科目表。",
		Run: func(p *Pass) { p.codeExists(yusuan.SchemeFunctional) }},
	&Rule{ID: "CODE-002", Title: "部门经济分类编码存在", Severity: Error, Category: CatClassification,
		Doc: "表中每个部门预算支出经济分类编码（类/款）都必须在该年度的经济分类科目中。",
		Run: func(p *Pass) { p.codeExists(yusuan.SchemeEcon) }},
	&Rule{ID: "CODE-003", Title: "政府经济分类编码存在", Severity: Error, Category: CatClassification,
		Doc: "表中每个政府预算支出经济分类编码都必须在该年度的经济分类科目中。",
		Run: func(p *Pass) { p.codeExists(yusuan.SchemeGovEcon) }},
	&Rule{ID: "CODE-004", Title: "功能科目名称与编码相符", Severity: Warning, Category: CatClassification,
		Doc: "功能科目的名称须与该年度科目表中此编码的名称一致。允许格式规定的限定名（行政运行（政府办公厅（室）及相关机构事务））、空格与全半角括号差异，以及窄栏中被截断的名称。",
		Run: func(p *Pass) { p.nameMatch(yusuan.SchemeFunctional) }},
	&Rule{ID: "CODE-005", Title: "部门经济科目名称与编码相符", Severity: Warning, Category: CatClassification,
		Doc: "部门预算支出经济分类科目的名称须与该年度科目表一致。款名后加注所属类的括注（311 对企业补助（基本建设）下的“资本金注入（基本建设）”）视为一致。",
		Run: func(p *Pass) { p.nameMatch(yusuan.SchemeEcon) }},
	&Rule{ID: "CODE-006", Title: "政府经济科目名称与编码相符", Severity: Warning, Category: CatClassification,
		Doc: "政府预算支出经济分类科目的名称须与该年度科目表一致，允许“_行政”“_事业”后缀。",
		Run: func(p *Pass) { p.nameMatch(yusuan.SchemeGovEcon) }},
	&Rule{ID: "CODE-007", Title: "部门经济分类与政府经济分类对应关系允许", Severity: Warning, Category: CatClassification,
		Doc: "按财预〔2017〕98号，每个部门预算经济分类科目只能对应到规定的政府预算经济分类科目。内置对照表中 501/502 以外的部分尚未逐条核对官方文本，所以这是警告；对照表中没有任何对应的部门科目（如 31206）不判断。",
		Run: func(p *Pass) {
			cat := p.Ctx.Catalog
			if cat == nil || len(cat.Mappings) == 0 {
				return
			}
			for _, t := range p.Doc.TablesOf(yusuan.KindGeneralPublicEconomic) {
				for i := range t.Rows {
					r := &t.Rows[i]
					if len(r.Code) != 5 || len(r.GovCode) != 5 {
						continue
					}
					ok := false
					for _, k := range []yusuan.UnitKind{yusuan.UnitAdministrative, yusuan.UnitCivilService, yusuan.UnitInstitution} {
						ok = ok || cat.MappingAllowed(r.Code, r.GovCode, k)
					}
					if !ok {
						var allowed []string
						for _, k := range []yusuan.UnitKind{yusuan.UnitAdministrative, yusuan.UnitCivilService, yusuan.UnitInstitution} {
							allowed = append(allowed, cat.GovTargets(r.Code, k)...)
						}
						if len(allowed) == 0 {
							continue // a code the mapping does not know (31206): not judged
						}
						p.Report(cellFinding(t, r, "gov_code", Finding{Message: fmt.Sprintf("部门经济科目 %s 不应对应政府经济科目 %s", r.Code, r.GovCode),
							Expected: strings.Join(uniq(allowed), "、"), Actual: r.GovCode, Detail: "财预〔2017〕98号《两套支出经济分类科目对照表》"}))
					}
				}
			}
		}},
	&Rule{ID: "CODE-008", Title: "政府经济科目与单位性质相符", Severity: Info, Category: CatClassification,
		Doc: "政府预算经济分类的 501–503（机关…）适用于行政单位和参公事业单位，505/506（对事业单位…补助）适用于其他事业单位。名称后缀“_行政”“_事业”与科目类不符，或全部预算单位都是机关却列入 505/506 时提示（单位性质不在表中，按单位名称中的“机关”推断，仅供核对）。",
		Run: func(p *Pass) {
			admin := p.ix.allAdministrative()
			for _, t := range p.Doc.TablesOf(yusuan.KindGeneralPublicEconomic) {
				for i := range t.Rows {
					r := &t.Rows[i]
					if len(r.GovCode) < 3 {
						continue
					}
					cls := r.GovCode[:3]
					inst := cls == "505" || cls == "506"
					agency := cls == "501" || cls == "502" || cls == "503" || cls == "504"
					n := compact(r.GovName)
					switch {
					case inst && strings.HasSuffix(n, "行政") || agency && strings.HasSuffix(n, "事业"):
						p.Report(cellFinding(t, r, "gov_name", Finding{Severity: Warning, Message: fmt.Sprintf("政府经济科目 %s 的后缀与科目类不符", r.GovCode), Actual: r.GovName}))
					case inst && admin:
						p.Report(cellFinding(t, r, "gov_code", Finding{Message: fmt.Sprintf("预算单位均为机关，%s %s 却列入对事业单位补助 %s", r.Code, r.Name, r.GovCode),
							Actual: r.GovCode, Expected: "501–503 机关经费类科目", Detail: "单位性质按单位名称推断"}))
					}
				}
			}
		}},
	&Rule{ID: "CODE-009", Title: "金额列入其经济类别所属的列", Severity: Error, Category: CatClassification,
		Doc: "按经济分类列示的表中，基本支出金额必须列在其经济类所属的列：301 工资福利支出、303 对个人和家庭的补助、302 商品和服务支出、309/310 资本性支出；按人员经费/公用经费分列的表中，301/303 属人员经费，302/309/310 属公用经费（此类报告为警告：部分地区对个别款另有口径，如公务交通补贴计入人员经费；各表一致地这样列示、且本表合计包含这笔金额时，只作提示）。例如 310xx 办公设备购置必须列在资本性支出，而不是商品和服务支出。",
		Run: func(p *Pass) {
			for _, k := range []yusuan.TableKind{yusuan.KindGeneralPublicEconomic, yusuan.KindGeneralPublicBasic} {
				for _, t := range p.Doc.TablesOf(k) {
					for i := range t.Rows {
						r := &t.Rows[i]
						if len(r.Code) < 3 || !yusuan.IsDigits(r.Code) {
							continue
						}
						for mi, m := range []map[string]string{columnOfClass, sideOfClass} {
							own, ok := m[r.Code[:3]]
							if !ok || !hasColumn(t, own) {
								continue
							}
							for _, col := range uniqValues(m) {
								if v := r.Amount(col); col != own && v != 0 {
									f := Finding{
										Message:  fmt.Sprintf("经济科目 %s %s 的金额列在了「%s」列", r.Code, r.Name, colLabel(t, col)),
										Expected: fmt.Sprintf("列入「%s」列", colLabel(t, own)),
										Actual:   fmtAmount(t, v),
										Detail:   fmt.Sprintf("%s 类属于「%s」", r.Code[:3], colLabel(t, own)),
									}
									if mi == 1 {
										// 人员经费/公用经费: some regions count an item
										// on the other side (30239 公务交通补贴 as 人员
										// 经费, 30399 as 公用经费) and do so in every
										// table: a convention to point out, not a
										// contradiction.
										f.Severity = Warning
										f.Detail += "；按人员经费、公用经费的通行口径应列入前者，部分地区另有口径（如公务交通补贴计入人员经费），各表一致时不是计算错误"
										if p.sideConsistent(t, r.Code, col) {
											// The table's own total counts it on
											// that side and no table puts it on
											// the other: the document's convention.
											f.Severity = Info
											f.Detail = fmt.Sprintf("%s 类按通行口径属于「%s」；本文件各表一致地把它计入「%s」（本表合计的「%s」包含这笔金额），是口径不同，不是计算错误",
												r.Code[:3], colLabel(t, own), colLabel(t, col), colLabel(t, col))
										}
									}
									p.Report(cellFinding(t, r, col, f))
								}
							}
						}
					}
				}
			}
		}},
	&Rule{ID: "CODE-010", Title: "科目编码位数正确", Severity: Warning, Category: CatClassification,
		Doc: "功能分类编码为 3（类）、5（款）或 7（项）位，经济分类编码为 3（类）或 5（款）位。地方在经济分类款下细分的 7 位明细科目（如 30211 差旅费下的 3021101），其前 5 位是当年科目表中的款（没有科目表时，同表列有该类的款）时，不算位数错误（也不报告编码不存在）。",
		Run: func(p *Pass) {
			p.codedRows(func(t *yusuan.Table, r *yusuan.Row, s yusuan.Scheme, code, _ string) {
				l := len(code)
				ok := l == 3 || l == 5 || (l == 7 && s == yusuan.SchemeFunctional) || p.localDetail(t, s, code)
				if !ok {
					p.Report(cellFinding(t, r, "", Finding{Message: fmt.Sprintf("%s编码 %s 位数不对", schemeNames[s], code), Actual: code,
						Expected: map[bool]string{true: "3、5 或 7 位", false: "3 或 5 位"}[s == yusuan.SchemeFunctional]}))
				}
			})
		}},
)

// sideConsistent reports whether the document counts the economic item
// code on side (人员经费 or 公用经费) consistently: in t, the total row's
// side column is the sum of the classes' (3-digit rows) side amounts, so
// the total includes the item there, and no table of the economic kinds
// with both side columns puts the item's amount on another side.
func (p *Pass) sideConsistent(t *yusuan.Table, code, side string) bool {
	tot := totalRow(t)
	if tot == nil {
		return false
	}
	var sum yusuan.Amount
	n := 0
	for i := range t.Rows {
		r := &t.Rows[i]
		if len(r.Code) == 3 && yusuan.IsDigits(r.Code) {
			sum += r.Amount(side)
			n++
		}
	}
	diff := int64(tot.Amount(side) - sum)
	if diff < 0 {
		diff = -diff
	}
	// Each printed amount stands for ±½ of its last digit (0.01 of the
	// table's unit): the slack of n + 1 rounded numbers.
	if n == 0 || diff > int64(n+1)*unitYuan(t.Unit)/2 {
		return false
	}
	if len(code) == 3 {
		// A class mixes its items: it is consistent when its amount on
		// that side is the sum of its items there, each consistent.
		var items yusuan.Amount
		var cls *yusuan.Row
		for i := range t.Rows {
			r := &t.Rows[i]
			switch {
			case r.Code == code:
				cls = r
			case len(r.Code) == 5 && strings.HasPrefix(r.Code, code) && r.Amount(side) != 0:
				if !p.itemSideConsistent(r.Code, side) {
					return false
				}
				items += r.Amount(side)
			}
		}
		return cls != nil && items != 0 && items == cls.Amount(side)
	}
	return p.itemSideConsistent(code, side)
}

// itemSideConsistent reports whether no table of the economic kinds with
// both side columns puts the item's amount on another side than side.
func (p *Pass) itemSideConsistent(code, side string) bool {
	for _, k := range []yusuan.TableKind{yusuan.KindGeneralPublicEconomic, yusuan.KindGeneralPublicBasic} {
		for _, o := range p.Doc.TablesOf(k) {
			if !hasColumn(o, "personnel") || !hasColumn(o, "public_funds") {
				continue
			}
			for i := range o.Rows {
				r := &o.Rows[i]
				if r.Code != code {
					continue
				}
				for _, c := range []string{"personnel", "public_funds"} {
					if c != side && r.Amount(c) != 0 {
						return false
					}
				}
			}
		}
	}
	return true
}

// uniqValues returns the distinct columns of a class → column map, in a
// fixed order.
func uniqValues(m map[string]string) []string {
	var out []string
	for _, c := range []string{"301", "302", "303", "309", "310"} {
		if v, ok := m[c]; ok {
			out = append(out, v)
		}
	}
	return uniq(out)
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// localDetail reports whether code is a local 7-digit detail item of an
// economic classification (3021101 under 30211): its 款 prefix is in the
// catalog or printed as a row of the same table.
func (p *Pass) localDetail(t *yusuan.Table, s yusuan.Scheme, code string) bool {
	if len(code) != 7 || s != yusuan.SchemeEcon && s != yusuan.SchemeGovEcon {
		return false
	}
	kuan := code[:5]
	if cat := p.Ctx.Catalog; cat != nil && cat.Scheme(s) != nil && cat.Scheme(s).Len() > 0 {
		return cat.Scheme(s).Has(kuan)
	}
	// No catalog (the year is unknown): the table itself must print the
	// 款, or 款 codes of the same 类 beside the detail item.
	for i := range t.Rows {
		c := t.Rows[i].Code
		if s == yusuan.SchemeGovEcon {
			c = t.Rows[i].GovCode
		}
		if c == kuan || len(c) == 5 && c[:3] == code[:3] {
			return true
		}
	}
	return false
}

var _ = register(
	&Rule{ID: "CODE-011", Title: "科目编码按规定位数印出", Severity: Warning, Category: CatClassification,
		Doc: "分栏印出的科目编码（类 / 款 / 项），款和项各为两位（30102 印作“301 02”）。某一栏只印了一位（“301 2”）时，读取按补零理解（30102），但印出的编码不规范，应更正。",
		Run: func(p *Pass) {
			p.codedRows(func(t *yusuan.Table, r *yusuan.Row, s yusuan.Scheme, code, _ string) {
				if r.PrintedCode == "" || code != r.Code || len(code) != 5 && len(code) != 7 {
					return
				}
				parts := strings.Fields(r.PrintedCode)
				if len(parts) < 2 || len(parts[0]) != 3 {
					return
				}
				// Only a printed code that, completed, is the row's code:
				// a column read into the code (a 9-digit “201 03 01 1”) is
				// no malformed code.
				full := parts[0]
				for _, part := range parts[1:] {
					if len(part) == 1 {
						part = "0" + part
					}
					full += part
				}
				if full != code {
					return
				}
				for _, part := range parts[1:] {
					if len(part) == 1 {
						f := cellFinding(t, r, "code", Finding{Message: fmt.Sprintf("%s编码印为“%s”，款、项应各为两位", schemeNames[s], r.PrintedCode),
							Expected: code, Actual: r.PrintedCode})
						p.Report(f)
						return
					}
				}
			})
		}},
)
