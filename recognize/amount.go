package recognize

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/yusuan/yusuan"
)

// ErrNotAmount reports a cell that is not an amount.
var ErrNotAmount = errors.New("不是金额")

// ParseAmount reads an amount printed in a table whose unit is unit (元 or
// 万元) and returns it in 元. It accepts what real disclosures print:
// thousands separators (half- or full-width), full-width digits, spaces
// inside the number, a sign or parentheses for negatives, and a trailing
// unit. A blank cell, "—", "-" or "/" is zero with blank set. An amount in
// 万元 may have up to 6 decimals (1 分); one in 元 up to 2.
func ParseAmount(s, unit string) (a yusuan.Amount, blank bool, err error) {
	t := foldNumber(s)
	switch t {
	case "", "-", "--", "—", "——", "/", "－", "―", "━":
		return 0, true, nil
	}
	t = strings.TrimSuffix(t, "元")
	if strings.HasSuffix(t, "万") {
		t = strings.TrimSuffix(t, "万")
		unit = "万元"
	}
	neg := false
	switch {
	case strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")"):
		neg, t = true, t[1:len(t)-1]
	case strings.HasPrefix(t, "-"):
		neg, t = true, t[1:]
	case strings.HasPrefix(t, "+"):
		t = t[1:]
	}
	ip, fp, hasDot := strings.Cut(t, ".")
	if ip == "" || (hasDot && fp == "") {
		return 0, false, fmt.Errorf("%q: %w", s, ErrNotAmount)
	}
	if strings.IndexByte(ip, ',') >= 0 {
		groups := strings.Split(ip, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, false, fmt.Errorf("%q: 千分位分隔符位置不对: %w", s, ErrNotAmount)
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, false, fmt.Errorf("%q: 千分位分隔符位置不对: %w", s, ErrNotAmount)
			}
		}
		ip = strings.Join(groups, "")
	}
	if !allDigits(ip) || (fp != "" && !allDigits(fp)) {
		return 0, false, fmt.Errorf("%q: %w", s, ErrNotAmount)
	}
	maxFrac := 2
	scale := int64(1) // multiplier from the printed unit to 元
	if unit == "万元" {
		maxFrac, scale = 6, 10000
	}
	if len(fp) > maxFrac {
		return 0, false, fmt.Errorf("%q: 小数位超过 %d 位（细于 1 分）: %w", s, maxFrac, ErrNotAmount)
	}
	if len(ip) > 15 || (unit == "万元" && len(ip) > 11) {
		return 0, false, fmt.Errorf("%q: 数额过大: %w", s, ErrNotAmount)
	}
	y, _ := strconv.ParseInt(ip, 10, 64)
	// Value in units of 10^-maxFrac of the printed unit, then in 分.
	frac := fp + strings.Repeat("0", maxFrac-len(fp))
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac, 10, 64)
	}
	var fen int64
	if unit == "万元" {
		fen = y*scale*100 + f // f is in 10^-6 万元 = 1 分
	} else {
		fen = y*100 + f
	}
	if neg {
		fen = -fen
	}
	return yusuan.Amount(fen), false, nil
}

// IsAmount reports whether s looks like a printed amount (digits, with
// separators or decimals), not text or list numbering ("1.").
func IsAmount(s string) bool {
	t := foldNumber(s)
	if t == "" || t[0] == '.' || t[len(t)-1] == '.' {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= '0' && c <= '9') && c != ',' && c != '.' && c != '-' && c != '(' && c != ')' && c != '+' {
			return false
		}
	}
	if _, blank, err := ParseAmount(t, "万元"); err == nil {
		return !blank
	}
	_, blank, err := ParseAmount(t, "元")
	return err == nil && !blank
}

// IsBlankMark reports a printed blank: empty or a dash.
func IsBlankMark(s string) bool {
	switch foldNumber(s) {
	case "", "-", "--", "—", "——", "/", "－", "―":
		return true
	}
	return false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// foldNumber maps full-width digits and punctuation to ASCII and drops
// spaces, so "１２，３４５．６" reads as "12,345.6".
func foldNumber(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == ' ' || s[i] == '\t' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case r == '，':
			b.WriteByte(',')
		case r == '．' || r == '。':
			b.WriteByte('.')
		case r == '－' || r == '−':
			b.WriteByte('-')
		case r == '（':
			b.WriteByte('(')
		case r == '）':
			b.WriteByte(')')
		case r == '＋':
			b.WriteByte('+')
		case r == ' ' || r == '\t' || r == '\u3000' || r == '\u00a0' || r == '\n':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
