package check

import (
	"fmt"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// The share of each procurement category granted to small and medium
// enterprises (决算 说明, 政府采购支出说明): “货物采购授予中小企业合同金额占
// 货物支出金额的9.16%，服务采购授予中小企业合同金额占服务支出金额的90.84%”.

var _ = register(
	&Rule{ID: "PROC-009", Title: "中小企业合同金额与各类采购的占比相符", Severity: Warning, Category: CatProcurement,
		Doc: "说明给出货物、工程、服务各类采购中授予中小企业合同金额所占比例时，按这些比例和各类采购支出推算的中小企业合同金额（未给比例的类别至多按全额计）必须容得下说明中的授予中小企业合同金额。容不下时，比例多半用错了基数（例如各比例之和为 100%，实为中小企业合同金额本身的构成）。",
		Run: func(p *Pass) {
			type cat struct {
				name, ref string
			}
			cats := []cat{{"货物", "procurement.goods"}, {"工程", "procurement.works"}, {"服务", "procurement.services"}}
			bySec := map[*yusuan.Section][]*nfig{}
			var order []*yusuan.Section
			for _, n := range p.ix.figs {
				if !strings.HasPrefix(n.ref, "procurement") {
					continue
				}
				if _, ok := bySec[n.sec]; !ok {
					order = append(order, n.sec)
				}
				bySec[n.sec] = append(bySec[n.sec], n)
			}
			for _, sec := range order {
				var sme *nfig
				for _, n := range bySec[sec] {
					if n.f.Kind == yusuan.FigureAmount && n.ok && n.ref == "procurement.sme" {
						sme = n
						break
					}
				}
				if sme == nil {
					continue
				}
				// Each category's spending: stated in the SME amount's
				// paragraph, else first in the section.
				amounts := map[string]*nfig{}
				for _, same := range []bool{true, false} {
					for _, n := range bySec[sec] {
						if n.f.Kind != yusuan.FigureAmount || !n.ok || same != (n.f.Paragraph == sme.f.Paragraph) {
							continue
						}
						if _, seen := amounts[n.ref]; !seen {
							amounts[n.ref] = n
						}
					}
				}
				shares := map[string]printed{}
				for _, m := range smeShareRe.FindAllStringSubmatch(sme.para, -1) {
					if m[1] != m[2] {
						continue
					}
					if v, ok := parsePrinted(m[3]); ok {
						if _, dup := shares[m[1]]; !dup {
							shares[m[1]] = v
						}
					}
				}
				if len(shares) == 0 {
					continue
				}
				bound := exact(rat{})
				var terms []string
				sum := exact(rat{})
				complete := true
				for _, c := range cats {
					a, ok := amounts[c.ref]
					if !ok {
						complete = false
						break
					}
					amt := figSpan(a)
					if sh, ok := shares[c.name]; ok {
						pct := sh.span()
						part := mul(amt, interval{qMul(pct.lo, qFrac(1, 100)), qMul(pct.hi, qFrac(1, 100))})
						bound = add(bound, part)
						sum = add(sum, pct)
						terms = append(terms, fmt.Sprintf("%s %s%s × %s%%", c.name, a.f.Printed, unitText(a.f), sh.text))
					} else {
						bound = add(bound, interval{rat{}, amt.hi})
						terms = append(terms, fmt.Sprintf("%s %s%s（未给比例，至多全额）", c.name, a.f.Printed, unitText(a.f)))
					}
				}
				if !complete || overlaps(bound, figSpan(sme)) {
					continue
				}
				wan := func(r rat) string { return fmtQ(qQuo(r, qInt(10000)), 2) }
				detail := fmt.Sprintf("%s = %s–%s 万元", strings.Join(terms, " + "), wan(bound.lo), wan(bound.hi))
				if len(shares) >= 2 && sum.contains(qInt(100)) {
					detail += "；所列比例之和为 100%，像是授予中小企业合同金额本身按类别的构成"
				}
				p.Report(sme.finding(Finding{Message: "授予中小企业合同金额与各类采购中中小企业所占比例不符",
					Expected: fmt.Sprintf("%s–%s万元", wan(bound.lo), wan(bound.hi)), Detail: detail}))
			}
		}},
)

// smeShareRe is “货物采购授予中小企业合同金额占货物支出金额的9.16%”.
var smeShareRe = lazyre.New(`(货物|工程|服务)(?:类)?(?:采购)?(?:项目)?授予中小企业(?:的)?合同金额占(货物|工程|服务)(?:类)?(?:采购)?支出(?:金额|总额)?的(?:比[例重]为?)?\s*(\d+(?:\.\d+)?)\s*[%％]`)
