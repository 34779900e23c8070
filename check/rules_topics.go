package check

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/yusuan/yusuan"
)

// “三公”经费, procurement, performance targets and profile facts.

// tpe reads a 三公 figure from the table, by row key or column key.
func (ix *index) tpe(key string) (resolution, bool) {
	t := ix.doc.Table(yusuan.KindThreePublic)
	if t == nil || len(t.Rows) == 0 {
		return resolution{}, false
	}
	if r := rowByKey(t, key); r != nil {
		col := firstAmountColumn(t, r)
		if hasColumn(t, "budget.total") && hasCell(r, "total") {
			// Final accounts print 预算数 (budget.KEY) before 决算数 (KEY);
			// the items resolve to 决算数, so the whole must too.
			col = "total"
		}
		return ix.cell(t, r, col), true
	}
	return ix.fromColumns(yusuan.KindThreePublic, key)
}

// tableIdentity checks whole = Σ parts among resolutions of one table.
func (p *Pass) tableIdentity(t *yusuan.Table, whole resolution, parts []resolution, what string) {
	s := exact(rat{})
	for _, pr := range parts {
		s = add(s, pr.iv)
	}
	if overlaps(s, whole.iv) {
		return
	}
	var terms []string
	for _, pr := range parts {
		terms = append(terms, fmt.Sprintf("%s %s", rowOrCol(pr), fmtIv(t, pr.iv)))
	}
	p.Report(cellFinding(t, whole.r, whole.col, Finding{
		Message:  fmt.Sprintf("%s「%s」不等于%s", shortTable(t), rowOrCol(whole), what),
		Expected: fmtIv(t, s), Actual: fmtIv(t, whole.iv),
		Detail: strings.Join(terms, " + ") + " = " + fmtIv(t, s),
	}))
}

func rowOrCol(r resolution) string {
	if r.r != nil && r.r.Key != "" && r.t != nil && len(r.t.Rows) > 1 && rowByKey(r.t, r.r.Key) == r.r && r.r.Name != "" {
		return strings.TrimSpace(r.r.Name)
	}
	if r.t != nil {
		return colLabel(r.t, r.col)
	}
	return r.how()
}

// narrativeSum checks a stated whole against its stated parts (first
// statement of each), by intervals.
func (p *Pass) narrativeSum(whole string, parts []string, what string) {
	var w *nfig
	for _, n := range p.ix.figs {
		if n.f.Kind == yusuan.FigureAmount && n.ref == whole && n.ok {
			w = n
			break
		}
	}
	if w == nil {
		return
	}
	s := exact(rat{})
	var terms []string
	for _, pr := range parts {
		var found *nfig
		for _, n := range p.ix.figs {
			if n.f.Kind == yusuan.FigureAmount && n.ref == pr && n.ok {
				found = n
				break
			}
		}
		if found == nil {
			return
		}
		s = add(s, figSpan(found))
		terms = append(terms, found.f.Printed)
	}
	if overlaps(s, figSpan(w)) {
		return
	}
	u := figUnit(w)
	p.Report(w.finding(Finding{Message: fmt.Sprintf("说明中的%s不等于%s", refName(whole), what),
		Expected: fmtSpan(inUnit(s, u), w.val.decimals) + u,
		Detail:   fmt.Sprintf("%s = %s %s（按各数印出位数的区间）", strings.Join(terms, " + "), fmtSpan(inUnit(s, u), w.val.decimals+1), u)}))
}

var threePublicItems = []struct{ ref, name string }{
	{"three_public.abroad", "因公出国（境）费"},
	{"three_public.reception", "公务接待费"},
	{"three_public.vehicle_purchase", "公务用车购置费"},
	{"three_public.vehicle_operation", "公务用车运行维护费"},
}

var _ = register(
	&Rule{ID: "TPE-001", Title: "“三公”经费合计等于各项之和", Severity: Error, Category: CatThreePublic,
		Doc: "“三公”经费表中，合计必须等于因公出国（境）费、公务接待费、公务用车购置及运行费之和（万元表按印出位数的区间比较）。",
		Run: func(p *Pass) {
			t := p.Doc.Table(yusuan.KindThreePublic)
			w, ok := p.ix.tpe("three_public")
			if !ok {
				return
			}
			var parts []resolution
			for _, k := range []string{"abroad", "reception", "vehicle"} {
				r, ok := p.ix.tpe(k)
				if !ok {
					return
				}
				parts = append(parts, r)
			}
			p.tableIdentity(t, w, parts, "各项之和")
		}},
	&Rule{ID: "TPE-002", Title: "公务用车费等于购置费加运行维护费", Severity: Error, Category: CatThreePublic,
		Doc: "“三公”经费表中，公务用车购置及运行费必须等于公务用车购置费加公务用车运行维护费。",
		Run: func(p *Pass) {
			t := p.Doc.Table(yusuan.KindThreePublic)
			w, ok := p.ix.tpe("vehicle")
			a, ok2 := p.ix.tpe("vehicle_purchase")
			b, ok3 := p.ix.tpe("vehicle_operation")
			if ok && ok2 && ok3 {
				p.tableIdentity(t, w, []resolution{a, b}, "购置费与运行维护费之和")
			}
		}},
	&Rule{ID: "TPE-003", Title: "说明中“三公”经费合计等于各项之和", Severity: Error, Category: CatThreePublic,
		Doc: "说明中的“三公”经费总额必须等于所述各项（因公出国（境）费、公务接待费、公务用车购置费和运行维护费，或公务用车购置及运行费）之和，按印出位数的区间相加。",
		Run: func(p *Pass) {
			if len(p.ix.figuresOf(yusuan.FigureAmount, "three_public.vehicle")) > 0 {
				p.narrativeSum("three_public", []string{"three_public.abroad", "three_public.reception", "three_public.vehicle"}, "各项之和")
				return
			}
			p.narrativeSum("three_public", []string{"three_public.abroad", "three_public.reception", "three_public.vehicle_purchase", "three_public.vehicle_operation"}, "各项之和")
		}},
	&Rule{ID: "TPE-004", Title: "说明中公务用车费等于购置费加运行费", Severity: Error, Category: CatThreePublic,
		Doc: "说明给出公务用车购置及运行费时，它必须等于所述购置费加运行维护费。",
		Run: func(p *Pass) {
			p.narrativeSum("three_public.vehicle", []string{"three_public.vehicle_purchase", "three_public.vehicle_operation"}, "购置费与运行维护费之和")
		}},
	&Rule{ID: "TPE-005", Title: "“三公”经费逐项说明金额和增减", Severity: Warning, Category: CatThreePublic,
		Doc: "“三公”经费要逐项公开：因公出国（境）费、公务接待费、公务用车购置费、公务用车运行维护费，每项都要说明金额和与上年相比的增减（或持平）。金额为 0 的一项写明上年和本年均无（“上年及本年度，本部门均无……预算”“两年均为0”），也是说明了增减。",
		Run: func(p *Pass) {
			if len(p.ix.figuresOf(yusuan.FigureAmount, "three_public")) == 0 {
				return // COMP-003 reports a missing 三公 section
			}
			for _, it := range threePublicItems {
				amts := p.ix.figuresOf(yusuan.FigureAmount, it.ref)
				if len(amts) == 0 {
					if it.ref == "three_public.vehicle_purchase" || it.ref == "three_public.vehicle_operation" {
						if len(p.ix.figuresOf(yusuan.FigureAmount, "three_public.vehicle")) > 0 {
							continue
						}
					}
					p.Report(Finding{Message: fmt.Sprintf("说明未列出“三公”经费中的%s", it.name), Expected: it.name + "金额", Actual: "未列出"})
					continue
				}
				if len(p.ix.figuresOf(yusuan.FigureChange, it.ref)) > 0 || len(p.ix.figuresOf(yusuan.FigureGrowth, it.ref)) > 0 {
					continue
				}
				// Any of the item's amounts may carry the words (the list
				// after the shares: “1．因公出国（境）费预算支出0万元，与上年预算数相同”).
				flat := false
				for _, a := range amts {
					s := a.sentence() + a.after
					if containsAny(s, flatWords) || strings.Contains(a.para, "持平") {
						flat = true
					}
					// “0.00万元，上年及本年度，本部门均无……预算”.
					if a.ok && a.val.v.Sign() == 0 && bothYearsNoneRe.MatchString(s) {
						flat = true
					}
				}
				if flat {
					continue
				}
				p.Report(amts[0].finding(Finding{Message: fmt.Sprintf("说明未写%s与上年相比的增减", it.name), Expected: "增减额或“持平”", Actual: "未说明"}))
			}
		}},
	&Rule{ID: "TPE-006", Title: "公务用车费与车辆情况相符", Severity: Warning, Category: CatThreePublic,
		Doc: "部门说明没有公务用车（车辆数为 0）却安排公务用车运行维护费，与车辆情况矛盾。",
		Run: func(p *Pass) {
			op, ok := p.ix.tpe("vehicle_operation")
			if !ok || op.iv.lo.Sign() <= 0 {
				return
			}
			for _, n := range p.ix.figs {
				if n.f.Kind == yusuan.FigureCount && n.ok && (n.ref == "vehicles.total" || n.ref == "" && strings.Contains(clause(n.before), "车辆") && strings.HasPrefix(strings.TrimSpace(n.after), "辆")) {
					if n.val.v.Sign() == 0 {
						p.Report(n.finding(Finding{Message: "部门没有车辆，却安排了公务用车运行维护费", Expected: "车辆数大于 0，或运行维护费为 0",
							Detail: fmt.Sprintf("%s = %s", op.how(), fmtIv(op.t, op.iv))}))
					}
					return
				}
			}
		}},

	&Rule{ID: "PROC-001", Title: "政府采购合计等于各项之和", Severity: Error, Category: CatProcurement,
		Doc: "政府采购预算表的合计金额必须等于各采购项目金额之和。",
		Run: func(p *Pass) { p.procurementColumnSum("amount", "各采购项目金额之和") }},
	&Rule{ID: "PROC-002", Title: "政府采购数量合计等于各项之和", Severity: Error, Category: CatProcurement,
		Doc: "政府采购预算表列示数量合计时，必须等于各采购项目数量之和。",
		Run: func(p *Pass) { p.procurementColumnSum("quantity", "各采购项目数量之和") }},
	&Rule{ID: "PROC-003", Title: "采购数量乘单价等于金额", Severity: Error, Category: CatProcurement,
		Doc: "说明列出采购明细（单价、数量、金额）时，每一项的数量 × 单价必须等于金额。单价和金额按印出位数的区间计算。",
		Run: func(p *Pass) {
			for _, it := range p.ix.procurementList() {
				if it.price == nil || it.qty == nil || it.amount == nil {
					continue
				}
				prod := mul(figSpan(it.price), figSpan(it.qty))
				if overlaps(prod, figSpan(it.amount)) {
					continue
				}
				u := figUnit(it.amount)
				p.Report(it.amount.finding(Finding{Message: fmt.Sprintf("采购明细第 %d 项：数量 × 单价不等于金额", it.i+1),
					Expected: fmtSpan(inUnit(prod, u), it.amount.val.decimals) + u,
					Detail:   fmt.Sprintf("%s × %s%s = %s %s", it.qty.f.Printed, it.price.f.Printed, figUnit(it.price), fmtSpan(inUnit(prod, u), it.amount.val.decimals+2), u)}))
			}
		}},
	&Rule{ID: "PROC-004", Title: "说明的采购明细与采购表一致", Severity: Error, Category: CatProcurement,
		Doc: "说明列出的采购明细必须与政府采购预算表一致：项数相同，每一项的金额和数量与表中对应行相符（按顺序对应；万元金额按印出位数的区间比较）。",
		Run: func(p *Pass) {
			t := p.Doc.Table(yusuan.KindProcurement)
			list := p.ix.procurementList()
			if t == nil || len(list) == 0 {
				return
			}
			rows := procurementItems(t)
			if len(rows) != len(list) {
				n := list[len(list)-1].amount
				if n == nil {
					n = list[len(list)-1].qty
				}
				if n != nil {
					p.Report(n.finding(Finding{Message: "说明列出的采购明细项数与采购表不一致", Expected: fmt.Sprintf("%d 项", len(rows)), Actual: fmt.Sprintf("%d 项", len(list))}))
				}
			}
			for _, it := range list {
				for _, n := range []*nfig{it.amount, it.qty, it.price} {
					if n == nil {
						continue
					}
					res, ok := p.ix.resolve(n.ref, n)
					if !ok || overlaps(figSpan(n), res.iv) {
						continue
					}
					exp := amountExpected(n, res)
					if res.count {
						exp = fmtQ(res.iv.lo, 0)
					}
					p.Report(n.finding(Finding{Message: fmt.Sprintf("说明中的%s与采购表不一致", refName(n.ref)), Expected: exp, Detail: res.how()}))
				}
			}
		}},
	&Rule{ID: "PROC-005", Title: "货物、工程、服务之和等于采购总额", Severity: Error, Category: CatProcurement,
		Doc: "说明中政府采购货物、工程、服务三类预算之和必须等于政府采购预算总额（按印出位数的区间相加）。",
		Run: func(p *Pass) {
			p.narrativeSum("procurement", []string{"procurement.goods", "procurement.works", "procurement.services"}, "货物、工程、服务之和")
		}},
	&Rule{ID: "PROC-006", Title: "采购明细之和等于采购总额", Severity: Error, Category: CatProcurement,
		Doc: "说明列出全部采购明细时，各项金额之和必须等于所述政府采购预算总额（按印出位数的区间相加）。",
		Run: func(p *Pass) {
			list := p.ix.procurementList()
			var refs []string
			for _, it := range list {
				if it.amount == nil {
					return
				}
				refs = append(refs, it.amount.ref)
			}
			if len(refs) > 0 {
				p.narrativeSum("procurement", refs, "各采购明细金额之和")
			}
		}},
	&Rule{ID: "PROC-007", Title: "采购表中数量乘单价等于金额", Severity: Error, Category: CatProcurement,
		Doc: "政府采购预算表列有单价时，每一行的数量 × 单价必须等于金额。",
		Run: func(p *Pass) {
			t := p.Doc.Table(yusuan.KindProcurement)
			if t == nil || !hasColumn(t, "unit_price") {
				return
			}
			for _, r := range procurementItems(t) {
				q := int64(r.Amount("quantity"))
				want := yusuan.Amount(int64(r.Amount("unit_price")) * q / 100)
				if got := r.Amount("amount"); got != want && q%100 == 0 {
					p.Report(cellFinding(t, r, "amount", Finding{Message: "采购表中数量 × 单价不等于金额", Expected: fmtAmount(t, want), Actual: fmtAmount(t, got),
						Detail: fmt.Sprintf("%d × %s", q/100, fmtAmount(t, r.Amount("unit_price")))}))
				}
			}
		}},
	&Rule{ID: "PROC-008", Title: "采购项目的功能科目有相应支出", Severity: Error, Category: CatProcurement,
		Doc: "政府采购预算表每一行所列的功能科目（3、5 或 7 位编码），必须是支出表中有支出的科目；支出总表只按单位列示、不列功能科目时，对照一般公共预算支出功能分类表。",
		Run: func(p *Pass) {
			t := p.Doc.Table(yusuan.KindProcurement)
			if t == nil {
				return
			}
			// The first expenditure table listing functions: Xi'an's 表3
			// lists units only (合计, 114, 114001), its functions are in 表5.
			var exp *yusuan.Table
			codes := map[string]bool{}
			for _, k := range []yusuan.TableKind{yusuan.KindExpenditure, yusuan.KindGeneralPublicFunctional} {
				x := p.Doc.Table(k)
				if x == nil {
					continue
				}
				for i := range x.Rows {
					if r := &x.Rows[i]; functionalCode(r.Code) && level(r) != yusuan.LevelUnit {
						codes[r.Code] = true
					}
				}
				if len(codes) > 0 {
					exp = x
					break
				}
			}
			if exp == nil {
				return
			}
			for _, r := range procurementItems(t) {
				// Only a code of a function's length (类 3, 款 5, 项 7) is
				// a function; CODE-010 judges the others.
				if functionalCode(r.Code) && !codes[r.Code] {
					p.Report(cellFinding(t, r, "", Finding{Message: fmt.Sprintf("采购项目的功能科目 %s 在%s中没有支出", r.Code, shortTable(exp)), Actual: r.Code}))
				}
			}
		}},
)

func (p *Pass) procurementColumnSum(col, what string) {
	t := p.Doc.Table(yusuan.KindProcurement)
	if t == nil || !hasColumn(t, col) {
		return
	}
	tr := totalRow(t)
	if tr == nil {
		return
	}
	var parts []cref
	for _, r := range procurementItems(t) {
		parts = append(parts, cref{r, col})
	}
	if col == "quantity" {
		// counts are whole numbers: compare exactly.
		var s yusuan.Amount
		for _, c := range parts {
			s += c.r.Amount(col)
		}
		if _, ok := tr.Cells[col]; ok && s != tr.Amount(col) {
			p.Report(cellFinding(t, tr, col, Finding{Message: "采购数量合计不等于" + what, Expected: strconv.FormatInt(int64(s)/100, 10), Actual: strconv.FormatInt(int64(tr.Amount(col))/100, 10)}))
		}
		return
	}
	p.checkSum(t, cref{tr, col}, parts, what)
}

// procItem is one item of the narrative's procurement list.
type procItem struct {
	i                  int
	price, qty, amount *nfig
}

func (ix *index) procurementList() []procItem {
	byI := map[int]*procItem{}
	maxI := -1
	for _, n := range ix.figs {
		kind, arg, ok := strings.Cut(n.ref, ":")
		if !ok || !strings.HasPrefix(kind, "procurement_") || !n.ok {
			continue
		}
		i, err := strconv.Atoi(arg)
		if err != nil {
			continue
		}
		it := byI[i]
		if it == nil {
			it = &procItem{i: i}
			byI[i] = it
		}
		switch kind {
		case "procurement_price":
			it.price = n
		case "procurement_quantity":
			it.qty = n
		case "procurement_item":
			it.amount = n
		}
		if i > maxI {
			maxI = i
		}
	}
	var out []procItem
	for i := 0; i <= maxI; i++ {
		if it, ok := byI[i]; ok {
			out = append(out, *it)
		}
	}
	return out
}

// functionalCode reports whether code has the form of a functional
// classification code: 3 (类), 5 (款) or 7 (项) digits.
func functionalCode(code string) bool {
	l := len(code)
	return (l == 3 || l == 5 || l == 7) && yusuan.IsDigits(code)
}
