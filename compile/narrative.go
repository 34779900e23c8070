package compile

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"text/template"

	"github.com/yusuan/yusuan"
)

// Markers in template output: a figure is \x01n\x02text\x03 (n indexes the
// recorded figures) and \x04 breaks a paragraph. They never occur in
// budget text, and are removed before the text reaches the document.
const (
	figStart = "\x01"
	figMid   = "\x02"
	figEnd   = "\x03"
	paraMark = "\x04"
)

// narrativeData is what paragraph templates see as ".".
type narrativeData struct {
	B          *yusuan.Budget
	Year       int
	LastYear   int
	Department string
}

// figureRun collects the figures printed while one section executes.
type figureRun struct {
	c    *compiler
	figs []yusuan.Figure
}

func (r *figureRun) mark(f yusuan.Figure) string {
	if f.Text == "" {
		f.Text = f.Printed + f.Unit
	}
	r.figs = append(r.figs, f)
	return figStart + strconv.Itoa(len(r.figs)-1) + figMid + f.Printed + figEnd
}

func (c *compiler) narrative(doc *yusuan.Document) error {
	data := narrativeData{B: c.b, Year: c.b.Year, LastYear: c.b.Year - 1, Department: c.b.Department.Name}
	set, err := narrativeTemplates(c.p)
	if err != nil {
		return err
	}
	// The parsed set is shared; this compilation's figure functions bind to
	// one clone of it.
	if set, err = set.Clone(); err != nil {
		return err
	}
	run := &figureRun{c: c}
	set.Funcs(run.funcs())
	var buf bytes.Buffer
	for i, s := range c.p.Narrative {
		run.figs = run.figs[:0]
		var out strings.Builder
		for j := range s.Paragraphs {
			if j > 0 {
				out.WriteString(paraMark)
			}
			buf.Reset()
			if err := set.ExecuteTemplate(&buf, paragraphName(i, j), data); err != nil {
				return fmt.Errorf("说明「%s」：%w", s.Title, unwrapExec(err))
			}
			out.Write(buf.Bytes())
		}
		sec := yusuan.Section{Key: s.Key, Part: s.Part, Title: s.Title}
		sec.Paragraphs, sec.Figures = splitFigures(out.String(), run.figs)
		doc.Narrative = append(doc.Narrative, sec)
	}
	// Part 4 lists the tables (附表).
	var list []string
	seen := map[int]bool{}
	for _, t := range c.p.Tables {
		if !seen[t.Number] {
			seen[t.Number] = true
			list = append(list, fmt.Sprintf("%d. %s", t.Number, t.Name))
		}
	}
	if len(list) > 0 {
		doc.Narrative = append(doc.Narrative, yusuan.Section{Key: "appendix", Part: 4, Title: "附表", Paragraphs: list})
	}
	return nil
}

func paragraphName(section, paragraph int) string {
	return "s" + strconv.Itoa(section) + "p" + strconv.Itoa(paragraph)
}

// narrativeTemplates parses a profile's paragraph templates once, as one
// set of named templates; figure functions are bound per compilation.
func narrativeTemplates(p *yusuan.Profile) (*template.Template, error) {
	var key strings.Builder
	key.WriteString("narrative\x00" + p.ID)
	for _, s := range p.Narrative {
		for _, para := range s.Paragraphs {
			key.WriteString("\x00" + para)
		}
	}
	if v, ok := parsed.Load(key.String()); ok {
		return v.(*template.Template), nil
	}
	set := template.New("narrative").Funcs((&figureRun{c: &compiler{p: &yusuan.Profile{}}}).funcs())
	for i, s := range p.Narrative {
		for j, para := range s.Paragraphs {
			if _, err := set.New(paragraphName(i, j)).Parse(para); err != nil {
				return nil, fmt.Errorf("profile %s: narrative %s paragraph %d: %w", p.ID, s.Key, j+1, err)
			}
		}
	}
	parsed.Store(key.String(), set)
	return set, nil
}

// unwrapExec drops text/template's location prefix from an error raised
// by a figure function, which already says what is wrong in budget terms.
func unwrapExec(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, "error calling "); i >= 0 {
		rest := msg[i+len("error calling "):]
		if j := strings.Index(rest, ": "); j >= 0 {
			return fmt.Errorf("%s", rest[j+2:])
		}
	}
	return err
}

// splitFigures removes the markers, splits paragraphs and assigns every
// figure to its paragraph.
func splitFigures(s string, figs []yusuan.Figure) ([]string, []yusuan.Figure) {
	var paras []string
	var out []yusuan.Figure
	for _, p := range strings.Split(s, paraMark) {
		var b strings.Builder
		for {
			i := strings.Index(p, figStart)
			if i < 0 {
				b.WriteString(p)
				break
			}
			b.WriteString(p[:i])
			rest := p[i+1:]
			j := strings.Index(rest, figMid)
			k := strings.Index(rest, figEnd)
			n, _ := strconv.Atoi(rest[:j])
			f := figs[n]
			f.Paragraph = len(paras)
			out = append(out, f)
			b.WriteString(rest[j+1 : k])
			p = rest[k+1:]
		}
		text := strings.TrimSpace(b.String())
		if text != "" {
			paras = append(paras, text)
		} else {
			// Keep paragraph numbering of figures consistent.
			for i := range out {
				if out[i].Paragraph > len(paras) {
					out[i].Paragraph = len(paras)
				}
			}
		}
	}
	return paras, out
}

// value resolves a measure reference: a named measure, function:CODE,
// econ:CODE, project:ID, income:SOURCE (optionally @SOURCE-GROUP), or a
// procurement item's figure.
func (c *compiler) value(ref string) (yusuan.Amount, error) {
	if v, ok := c.values[ref]; ok {
		return v, nil
	}
	v, err := c.compute(ref)
	if err == nil {
		if c.values == nil {
			c.values = map[string]yusuan.Amount{}
		}
		c.values[ref] = v
	}
	return v, err
}

func (c *compiler) compute(ref string) (yusuan.Amount, error) {
	name, group, _ := strings.Cut(ref, "@")
	if kind, arg, ok := strings.Cut(name, ":"); ok && strings.HasPrefix(kind, "procurement_") {
		i, err := strconv.Atoi(arg)
		if err != nil || i < 0 || i >= len(c.b.Procurement) {
			return 0, fmt.Errorf("no procurement item %q", arg)
		}
		it := c.b.Procurement[i]
		switch kind {
		case "procurement_item":
			return it.Amount, nil
		case "procurement_price":
			return it.UnitPrice, nil
		case "procurement_quantity":
			return yusuan.Amount(it.Quantity), nil
		}
	}
	if group != "" {
		kind, arg, _ := strings.Cut(name, ":")
		f := yusuan.Filter{Source: []yusuan.Source{yusuan.Source(group)}}
		switch kind {
		case "function":
			f.Function = []string{arg}
		case "econ":
			f.Econ = []string{arg}
		case "project":
			f.Project = arg
		default:
			return 0, fmt.Errorf("unknown measure %q", ref)
		}
		return f.Sum(c.b), nil
	}
	v, ok := c.b.Value(name)
	if !ok {
		return 0, fmt.Errorf("unknown measure %q", ref)
	}
	return v, nil
}

func (c *compiler) lastYear(ref string) (yusuan.Amount, error) {
	v, ok := c.b.LastYear[ref]
	if !ok {
		title := ref
		if m, ok := yusuan.Measure(ref); ok {
			title = m.Title
		}
		return 0, fmt.Errorf("缺少 last_year.%s：说明中要陈述%s与上年相比的变化，需要上年数", ref, title)
	}
	return v, nil
}

func (c *compiler) wanText(a yusuan.Amount, decimals int) string {
	s := c.trim(a.Wan(decimals))
	if c.p.Money.Separators {
		ip, fp, ok := strings.Cut(s, ".")
		neg := strings.HasPrefix(ip, "-")
		ip = groupDigits(strings.TrimPrefix(ip, "-"))
		if neg {
			ip = "-" + ip
		}
		s = ip
		if ok {
			s += "." + fp
		}
	}
	return s
}

func groupDigits(d string) string {
	if len(d) <= 3 {
		return d
	}
	pre := len(d) % 3
	var b strings.Builder
	b.WriteString(d[:pre])
	for i := pre; i < len(d); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d[i : i+3])
	}
	return b.String()
}

type functionItem struct {
	Code, Name, Ref string
}

type projectItem struct {
	Name, Ref string
}

type procurementItem struct {
	Name, Measure, Ref, PriceRef, QuantityRef string
}

type emptyTable struct {
	Name, Reason string
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// chineseNumber writes 1–99 in Chinese numerals (一, 十一, 二十三).
func chineseNumber(n int) string {
	switch {
	case n <= 10:
		return cnDigits[n]
	case n < 20:
		return "十" + cnDigits[n-10]
	case n < 100:
		s := cnDigits[n/10] + "十"
		if n%10 != 0 {
			s += cnDigits[n%10]
		}
		return s
	}
	return strconv.Itoa(n)
}

func direction(d yusuan.Amount) string {
	switch {
	case d > 0:
		return "increase"
	case d < 0:
		return "decrease"
	}
	return "flat"
}

func (r *figureRun) funcs() template.FuncMap {
	m := r.baseFuncs()
	for k, f := range r.finalFuncs() {
		m[k] = f
	}
	return m
}

func (r *figureRun) baseFuncs() template.FuncMap {
	c := r.c
	money := c.p.Money
	var procs []procurementItem
	return template.FuncMap{
		"para": func() string { return paraMark },
		// spend names spending on a function: 干部教育支出, but not 支出支出.
		"spend": func(name string) string {
			if strings.HasSuffix(name, "支出") {
				return name
			}
			return name + "支出"
		},
		"cn":   chineseNumber,
		"inc":  func(i int) int { return i + 1 },
		"join": func(xs []string, sep string) string { return strings.Join(xs, sep) },
		"last": func(i int, list any) bool { return i == reflect.ValueOf(list).Len()-1 },
		"date": func(s string) string {
			p := strings.Split(s, "-")
			if len(p) != 3 {
				return s
			}
			m, _ := strconv.Atoi(p[1])
			d, _ := strconv.Atoi(p[2])
			return fmt.Sprintf("%s 年 %d 月 %d 日", p[0], m, d)
		},
		"wan": func(ref string) (string, error) {
			v, err := c.value(ref)
			if err != nil {
				return "", err
			}
			return r.mark(yusuan.Figure{Kind: yusuan.FigureAmount, Ref: ref, Unit: "万元", Decimals: money.WanDecimals, Printed: c.wanText(v, money.WanDecimals)}), nil
		},
		// wanx prints an amount in 万元 exactly, with as many decimals as it needs.
		"wanx": func(ref string) (string, error) {
			v, err := c.value(ref)
			if err != nil {
				return "", err
			}
			s := trimZeros(v.Wan(6))
			d := 0
			if i := strings.Index(s, "."); i >= 0 {
				d = len(s) - i - 1
			}
			return r.mark(yusuan.Figure{Kind: yusuan.FigureAmount, Ref: ref, Unit: "万元", Decimals: d, Printed: s}), nil
		},
		"yuan": func(ref string) (string, error) {
			v, err := c.value(ref)
			if err != nil {
				return "", err
			}
			return r.mark(yusuan.Figure{Kind: yusuan.FigureAmount, Ref: ref, Unit: "元", Decimals: 2, Printed: v.Format(2)}), nil
		},
		"share": func(part, whole string) (string, error) {
			p, err := c.value(part)
			if err != nil {
				return "", err
			}
			w, err := c.value(whole)
			if err != nil {
				return "", err
			}
			s := c.trim(yusuan.RoundDiv(int64(p)*100, int64(w), money.ShareDecimals))
			return r.mark(yusuan.Figure{Kind: yusuan.FigureShare, Ref: part, Base: whole, Unit: "%", Decimals: money.ShareDecimals, Printed: s}), nil
		},
		"growable": func(ref string) (bool, error) {
			ly, err := c.lastYear(ref)
			return ly != 0, err
		},
		"growth": func(ref string) (string, error) {
			ly, d, err := c.delta(ref)
			if err != nil {
				return "", err
			}
			if ly == 0 {
				return "", fmt.Errorf("the growth rate of %s is undefined: last year's figure is 0 (guard the sentence with growable)", ref)
			}
			// A change too small to show at the usual precision gets more
			// decimals: "增长 0.00%" would contradict the word 增长.
			dec := money.ShareDecimals
			s := yusuan.RoundDiv(int64(abs(d))*100, int64(ly), dec)
			for d != 0 && isZero(s) && dec < 6 {
				dec++
				s = yusuan.RoundDiv(int64(abs(d))*100, int64(ly), dec)
			}
			return r.mark(yusuan.Figure{Kind: yusuan.FigureGrowth, Ref: ref, Unit: "%", Decimals: dec, Direction: direction(d), Printed: c.trim(s)}), nil
		},
		"change": func(ref string) (string, error) {
			_, d, err := c.delta(ref)
			if err != nil {
				return "", err
			}
			return r.mark(c.changeFigure(ref, d)), nil
		},
		// changeby states the change from last year: "增加 1021 万元",
		// "减少 8 万元", or "持平" when nothing changed.
		"changeby": func(ref string) (string, error) {
			_, d, err := c.delta(ref)
			if err != nil {
				return "", err
			}
			if d == 0 {
				return "持平", nil
			}
			word := "增加"
			if d < 0 {
				word = "减少"
			}
			return word + " " + r.mark(c.changeFigure(ref, d)) + " 万元", nil
		},
		"lastwan": func(ref string) (string, error) {
			ly, err := c.lastYear(ref)
			if err != nil {
				return "", err
			}
			return r.mark(yusuan.Figure{Kind: yusuan.FigureAmount, Ref: "last_year:" + ref, Unit: "万元", Decimals: money.WanDecimals, Printed: c.wanText(ly, money.WanDecimals)}), nil
		},
		"trend": func(ref string) (string, error) {
			return c.trend(ref, "增加", "减少", "持平")
		},
		"trendrate": func(ref string) (string, error) {
			return c.trend(ref, "增长", "下降", "持平")
		},
		"reason": func(ref string) (string, error) {
			if s, ok := c.b.Reasons[ref]; ok && strings.TrimSpace(s) != "" {
				return s, nil
			}
			_, d, err := c.delta(ref)
			if err != nil {
				return "", err
			}
			if d == 0 {
				return "无变化", nil
			}
			return "", fmt.Errorf("缺少 reasons.%s：说明中陈述了 %s 元的增减变化，必须说明原因", ref, d.Format(2))
		},
		"count": func(ref string) (string, error) {
			n, err := c.count(ref)
			if err != nil {
				return "", err
			}
			return r.mark(yusuan.Figure{Kind: yusuan.FigureCount, Ref: ref, Printed: strconv.FormatInt(n, 10)}), nil
		},
		"functions": func(group ...string) []functionItem {
			var sel []*yusuan.ExpenditureLine
			f := yusuan.Filter{}
			suffix := ""
			if len(group) > 0 && group[0] != "" {
				f.Source = []yusuan.Source{yusuan.Source(group[0])}
				suffix = "@" + group[0]
			}
			sel = c.lines(f, c.allLines())
			seen := map[string]bool{}
			var codes []string
			for _, l := range sel {
				if !seen[l.Function] {
					seen[l.Function] = true
					codes = append(codes, l.Function)
				}
			}
			sortStrings(codes)
			out := make([]functionItem, len(codes))
			for i, code := range codes {
				out[i] = functionItem{Code: code, Name: c.itemName(code), Ref: "function:" + code + suffix}
			}
			return out
		},
		"projects": func() []projectItem {
			out := make([]projectItem, len(c.b.Projects))
			for i, p := range c.b.Projects {
				out[i] = projectItem{Name: p.Name, Ref: "project:" + p.ID}
			}
			return out
		},
		// Templates call it inside their loop over it ({{if last $i
		// procurements}}): built once, or 20,000 items cost 20,000² steps.
		"procurements": func() []procurementItem {
			if procs != nil {
				return procs
			}
			out := make([]procurementItem, len(c.b.Procurement))
			for i, p := range c.b.Procurement {
				name := p.Name
				if name == "" {
					name = p.Item
				}
				n := strconv.Itoa(i)
				out[i] = procurementItem{Name: name, Measure: p.Measure, Ref: "procurement_item:" + n, PriceRef: "procurement_price:" + n, QuantityRef: "procurement_quantity:" + n}
			}
			procs = out
			return out
		},
		"empty": func(kind string) (string, error) {
			for _, t := range c.doc.Tables {
				if string(t.Kind) == kind && len(t.Rows) == 0 {
					return c.emptyReason(t.Kind)
				}
			}
			return "", nil
		},
		"emptytables": func() ([]emptyTable, error) {
			var out []emptyTable
			for _, t := range c.doc.Tables {
				if len(t.Rows) == 0 {
					reason, err := c.emptyReason(t.Kind)
					if err != nil {
						return nil, err
					}
					out = append(out, emptyTable{Name: c.tableName(t.Kind), Reason: reason})
				}
			}
			return out, nil
		},
	}
}

func (c *compiler) emptyReason(k yusuan.TableKind) (string, error) {
	if s := strings.TrimSpace(c.b.EmptyTables[k]); s != "" {
		return s, nil
	}
	return "", fmt.Errorf("缺少 empty_tables.%s：《%s》为空表，公开时必须说明原因", k, c.tableName(k))
}

func (c *compiler) trend(ref, up, down, flat string) (string, error) {
	_, d, err := c.delta(ref)
	switch {
	case err != nil:
		return "", err
	case d > 0:
		return up, nil
	case d < 0:
		return down, nil
	}
	return flat, nil
}

// changeFigure states a change in 万元 at the profile's precision, or with
// as many more decimals as it takes not to print a non-zero change as 0
// ("减少 0 万元" would contradict itself).
func (c *compiler) changeFigure(ref string, d yusuan.Amount) yusuan.Figure {
	dec := c.p.Money.WanDecimals
	s := c.wanText(abs(d), dec)
	for d != 0 && isZero(s) && dec < 6 {
		dec++
		s = c.wanText(abs(d), dec)
	}
	return yusuan.Figure{Kind: yusuan.FigureChange, Ref: ref, Unit: "万元", Decimals: dec, Direction: direction(d), Printed: s}
}

// isZero reports whether a printed number is zero ("0", "0.00").
func isZero(s string) bool { return strings.Trim(s, "0.,-") == "" }

// delta returns last year's figure of a measure and this year's change from it.
func (c *compiler) delta(ref string) (last, change yusuan.Amount, err error) {
	v, err := c.value(ref)
	if err != nil {
		return 0, 0, err
	}
	ly, err := c.lastYear(ref)
	if err != nil {
		return 0, 0, err
	}
	return ly, v - ly, nil
}

func abs(a yusuan.Amount) yusuan.Amount {
	if a < 0 {
		return -a
	}
	return a
}

func (c *compiler) count(ref string) (int64, error) {
	b := c.b
	switch ref {
	case "staffing.authorized":
		return int64(b.Staffing.Authorized), nil
	case "staffing.administrative":
		return int64(b.Staffing.Administrative), nil
	case "staffing.workers":
		return int64(b.Staffing.Workers), nil
	case "staffing.institution":
		return int64(b.Staffing.Institution), nil
	case "staffing.employed":
		return int64(b.Staffing.Employed), nil
	case "staffing.retired":
		return int64(b.Staffing.Retired), nil
	case "vehicles.total":
		return int64(b.Vehicles.Total), nil
	case "vehicles.general":
		return int64(b.Vehicles.General), nil
	case "vehicles.law_enforcement":
		return int64(b.Vehicles.LawEnforcement), nil
	case "vehicles.special":
		return int64(b.Vehicles.Special), nil
	case "vehicles.confidential":
		return int64(b.Vehicles.Confidential), nil
	case "vehicles.other":
		return int64(b.Vehicles.Other), nil
	case "assets.general_equipment":
		return int64(b.Assets.GeneralEquipment), nil
	case "assets.special_equipment":
		return int64(b.Assets.SpecialEquipment), nil
	case "projects":
		return int64(len(b.Projects)), nil
	case "special_transfers":
		return int64(len(b.SpecialTransfers)), nil
	}
	if n, ok, err := c.finalCount(ref); ok {
		return n, err
	}
	if strings.HasPrefix(ref, "procurement_quantity:") {
		v, err := c.value(ref)
		return int64(v), err
	}
	return 0, fmt.Errorf("unknown count %q", ref)
}
