package yusuan

import "strings"

// OrgSuffixes end the names of government organisations (机关、单位) as
// disclosures print them, longest first where one ends another.
var OrgSuffixes = []string{"办公厅", "办公室", "委员会", "管理局", "事务局", "财政局", "局", "厅", "委", "院", "学院", "学校", "中心", "街道办事处", "办事处", "政府"}

// HasOrgSuffix reports a name ending as an organisation's does, a
// qualifier in brackets after it set aside (某某中心（本级）).
func HasOrgSuffix(name string) bool {
	n := strings.TrimSpace(name)
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasSuffix(n, p[1]) {
			if i := strings.LastIndex(n, p[0]); i > 0 {
				n = n[:i]
			}
		}
	}
	for _, s := range OrgSuffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}
