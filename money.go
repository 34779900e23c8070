package yusuan

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Amount is an exact sum of money in 分 (hundredths of a 元). Budgets are
// approved to the 分 and every table must add up exactly, so money is never
// a float anywhere in yusuan.
type Amount int64

// Yuan returns the amount for a whole number of 元.
func Yuan(y int64) Amount { return Amount(y * 100) }

// ErrAmount reports a string that is not a valid amount.
var ErrAmount = errors.New("不是有效金额（以元为单位：数字，可带千分位逗号，最多两位小数）")

// AmountError is a text that is not a valid amount; Raw lets a file
// decoder find where it stands.
type AmountError struct {
	Raw    string
	Reason string // what is wrong, in Chinese; "" for any malformed text
}

func (e *AmountError) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("%q：%s，%v", e.Raw, e.Reason, ErrAmount)
	}
	return fmt.Sprintf("%q %v", e.Raw, ErrAmount)
}

func (e *AmountError) Unwrap() error { return ErrAmount }

// RawValue returns the text as written.
func (e *AmountError) RawValue() string { return e.Raw }

// ParseAmount reads an amount in 元 written the way budget documents and
// budget files write it: optional sign, digits with optional thousands
// separators, and at most two decimals ("96,619,907", "91016775.35").
// Anything else, including a third decimal (a sub-分 amount), is an error.
func ParseAmount(s string) (Amount, error) {
	orig := s
	s = strings.TrimSpace(s)
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || (hasDot && frac == "") {
		return 0, &AmountError{Raw: orig}
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, &AmountError{Raw: orig, Reason: "千分位逗号位置不对"}
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, &AmountError{Raw: orig, Reason: "千分位逗号位置不对"}
			}
		}
		intPart = strings.Join(groups, "")
	}
	for _, r := range intPart + frac {
		if r < '0' || r > '9' {
			return 0, &AmountError{Raw: orig}
		}
	}
	if len(frac) > 2 {
		return 0, &AmountError{Raw: orig, Reason: "小数超过两位（精确到分为止）"}
	}
	if len(intPart) > 15 {
		return 0, &AmountError{Raw: orig, Reason: "位数过多（整数部分最多 15 位）"}
	}
	y, _ := strconv.ParseInt(intPart, 10, 64)
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			f *= 10
		}
	}
	a := Amount(y*100 + f)
	if neg {
		a = -a
	}
	return a, nil
}

// String formats the amount in 元 with no separators and only as many
// decimals as it needs: "96619907", "91016775.35", "0.5".
func (a Amount) String() string {
	sign := ""
	v := int64(a)
	if v < 0 {
		sign, v = "-", -v
	}
	y, f := v/100, v%100
	switch {
	case f == 0:
		return fmt.Sprintf("%s%d", sign, y)
	case f%10 == 0:
		return fmt.Sprintf("%s%d.%d", sign, y, f/10)
	default:
		return fmt.Sprintf("%s%d.%02d", sign, y, f)
	}
}

// Format writes the amount in 元 with thousands separators and exactly
// decimals digits after the point (0 or 2), the way tables print it.
func (a Amount) Format(decimals int) string {
	sign := ""
	v := int64(a)
	if v < 0 {
		sign, v = "-", -v
	}
	y, f := v/100, v%100
	if decimals == 0 && f >= 50 {
		// Half up, on the absolute value: a table in whole 元 rounds 0.50 up.
		y++
	}
	s := group(strconv.FormatInt(y, 10))
	if decimals > 0 {
		s += fmt.Sprintf(".%02d", f)
	}
	return sign + s
}

func group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	pre := len(digits) % 3
	if pre > 0 {
		b.WriteString(digits[:pre])
	}
	for i := pre; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// Wan formats the amount in 万元 rounded half away from zero to decimals
// digits, dropping nothing: Wan(2) of 91016775.35 元 is "9101.68".
func (a Amount) Wan(decimals int) string {
	return RoundDiv(int64(a), 1_000_000, decimals)
}

// RoundDiv formats num/den·10^0 rounded half away from zero to decimals
// digits, using integer arithmetic only.
func RoundDiv(num, den int64, decimals int) string {
	if den == 0 {
		return "—"
	}
	neg := (num < 0) != (den < 0)
	if num < 0 {
		num = -num
	}
	if den < 0 {
		den = -den
	}
	scale := int64(1)
	for i := 0; i < decimals; i++ {
		scale *= 10
	}
	// q = round(num*scale/den), computed without overflow for budget-sized values.
	q, r := num/den, num%den
	scaled := q * scale
	rem := r * scale
	scaled += rem / den
	if 2*(rem%den) >= den {
		scaled++
	}
	ip, fp := scaled/scale, scaled%scale
	s := strconv.FormatInt(ip, 10)
	if decimals > 0 {
		s += "." + fmt.Sprintf("%0*d", decimals, fp)
	}
	if neg && scaled != 0 {
		s = "-" + s
	}
	return s
}

// MarshalJSON writes the amount in 元 as a JSON number, exactly.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalJSON reads a JSON number in 元 with at most two decimals.
func (a *Amount) UnmarshalJSON(b []byte) error {
	v, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// UnmarshalYAML reads an amount in 元 from a budget file: a number with at
// most two decimals, or a string such as "96,619,907". It takes the decoded
// scalar rather than raw bytes, which keeps decoding linear in file size.
// A YAML float is exact here: any decimal of up to 15 significant digits
// survives float64 and its shortest formatting unchanged, and ParseAmount
// refuses anything longer.
func (a *Amount) UnmarshalYAML(unmarshal func(any) error) error {
	var v any
	if err := unmarshal(&v); err != nil {
		return err
	}
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case int, int64, uint64, int32, uint32:
		s = fmt.Sprint(x)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return &ValueError{Raw: "", Msg: "此处需要以元为单位的金额"}
	default:
		return &ValueError{Raw: fmt.Sprint(x), Msg: fmt.Sprintf("应为以元为单位的金额，实为 %v", x)}
	}
	p, err := ParseAmount(s)
	if err != nil {
		return &ValueError{Raw: s, Msg: fmt.Sprintf("%q 不是有效金额（以元为单位：数字，可带千分位逗号，最多两位小数）", s)}
	}
	*a = p
	return nil
}

// ValueError is a value of a file that does not parse; Raw lets the file
// decoder find where it stands.
type ValueError struct {
	Raw string
	Msg string
}

func (e *ValueError) Error() string { return e.Msg }

// RawValue returns the offending text as written.
func (e *ValueError) RawValue() string { return e.Raw }

// MaxTotal is the largest sum of money yusuan computes with: 5 万亿元
// (5×10¹² 元). Every figure of a document is a sum of amounts whose
// absolute values together stay under it, so no sum, difference or
// change can wrap, and a share or a growth rate (an amount ×100 in 分,
// rounded to two decimals: ×10⁴ in all) still fits in an int64.
// A department's budget is far below it; a file beyond it is refused.
const MaxTotal Amount = 5_000_000_000_000 * 100

// Tally adds the absolute values of amounts and says when their total
// passes MaxTotal. The zero value is an empty tally.
type Tally struct {
	total Amount
	over  bool
}

// Add adds |a| and reports whether the total is still within MaxTotal.
// Once it is not, it stays over.
func (t *Tally) Add(a Amount) bool {
	if t.over {
		return false
	}
	if a < 0 {
		if a < -MaxTotal {
			t.over = true
			return false
		}
		a = -a
	}
	if a > MaxTotal-t.total {
		t.over = true
		return false
	}
	t.total += a
	return true
}

// Total returns the sum added so far (meaningless once over).
func (t *Tally) Total() Amount { return t.total }

// Mul returns a×n, and false when |a×n| passes MaxTotal (a quantity times
// a unit price).
func (a Amount) Mul(n int64) (Amount, bool) {
	if a == 0 || n == 0 {
		return 0, true
	}
	ua, un := a, n
	if ua < 0 {
		ua = -ua
	}
	if un < 0 {
		un = -un
	}
	if ua < 0 || un < 0 || un > int64(MaxTotal/ua) {
		return 0, false
	}
	return a * Amount(n), true
}

// EachAmount calls fn with the path (as in the budget file) and value of
// every amount of the budget, in file order, until fn returns false. It is
// what a check that no sum can wrap walks; a new amount field belongs here.
func (b *Budget) EachAmount(fn func(path string, a Amount) bool) {
	for i, l := range b.Income {
		if !fn(fmt.Sprintf("income[%d].amount", i), l.Amount) {
			return
		}
	}
	for i, l := range b.Expenditure {
		p := fmt.Sprintf("expenditure[%d]", i)
		if !fn(p+".amount", l.Amount) {
			return
		}
		if l.BudgetInitial != nil && !fn(p+".budget_initial", *l.BudgetInitial) {
			return
		}
		if l.BudgetFull != nil && !fn(p+".budget_full", *l.BudgetFull) {
			return
		}
	}
	for i, pr := range b.Projects {
		p := fmt.Sprintf("projects[%d]", i)
		if !fn(p+".total", pr.Total) || !fn(p+".last_year_total", pr.LastYearTotal) || !fn(p+".last_year", pr.LastYear) {
			return
		}
	}
	for i, it := range b.Procurement {
		p := fmt.Sprintf("procurement[%d]", i)
		if !fn(p+".amount", it.Amount) || !fn(p+".unit_price", it.UnitPrice) {
			return
		}
	}
	keys := make([]string, 0, len(b.LastYear))
	for k := range b.LastYear {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !fn("last_year."+k, b.LastYear[k]) {
			return
		}
	}
	for i, st := range b.SpecialTransfers {
		if !fn(fmt.Sprintf("special_transfers[%d].amount", i), st.Amount) {
			return
		}
	}
	if f := b.Final; f != nil {
		for i, c := range f.Carry {
			p := fmt.Sprintf("final.carry[%d]", i)
			if c.In != nil && !fn(p+".in", *c.In) {
				return
			}
			if c.Out != nil && !fn(p+".out", *c.Out) {
				return
			}
		}
		if !fn("final.surplus_use", f.SurplusUse) || !fn("final.surplus_distribution", f.SurplusDistribution) {
			return
		}
		if pr := f.Procurement; pr != nil {
			for _, a := range []struct {
				path string
				v    Amount
			}{{"goods", pr.Goods}, {"works", pr.Works}, {"services", pr.Services}, {"sme", pr.SME}, {"small_micro", pr.SmallMicro}} {
				if !fn("final.procurement."+a.path, a.v) {
					return
				}
			}
		}
		if f.Performance != nil && !fn("final.performance.amount", f.Performance.Amount) {
			return
		}
	}
}

// OverflowError reports a budget whose amounts pass MaxTotal.
type OverflowError struct {
	Path   string // where the total passes the bound
	Amount Amount
}

func (e *OverflowError) Error() string {
	return fmt.Sprintf("%s：金额 %s 元使全部金额的绝对值合计超过 yusuan 能精确计算的上限 %s 元（5 万亿元）；请检查单位是否为元、数字是否多写了位数", e.Path, e.Amount.Format(2), MaxTotal.Format(0))
}

// CheckTotal returns an *OverflowError when the absolute values of the
// budget's amounts together pass MaxTotal, or a quantity × unit price
// does.
func (b *Budget) CheckTotal() error {
	var t Tally
	var err error
	b.EachAmount(func(path string, a Amount) bool {
		if !t.Add(a) {
			err = &OverflowError{Path: path, Amount: a}
			return false
		}
		return true
	})
	if err != nil {
		return err
	}
	for i, it := range b.Procurement {
		if _, ok := it.UnitPrice.Mul(it.Quantity); !ok || it.Quantity > MaxQuantity || it.Quantity < -MaxQuantity {
			return &OverflowError{Path: fmt.Sprintf("procurement[%d].quantity", i), Amount: it.UnitPrice}
		}
	}
	return nil
}

// MaxQuantity bounds a count (a procurement quantity), which a table cell
// holds ×100 like an amount in 分.
const MaxQuantity = 1_000_000_000_000
