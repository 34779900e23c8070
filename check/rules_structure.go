package check

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// headingStyle is the numbering of a heading: "一、", "（一）", "1.", or ""
// when it has none.
var headingStyles = []struct {
	name string
	re   *lazyre.Regexp
}{
	{"一、", lazyre.New(`^[一二三四五六七八九十]+、`)},
	{"（一）", lazyre.New(`^[（(][一二三四五六七八九十]+[）)]`)},
	{"1.", lazyre.New(`^\d+[.．、]`)},
	{"（1）", lazyre.New(`^[（(]\d+[）)]`)},
}

func headingStyle(title string) string {
	t := strings.TrimSpace(title)
	for _, s := range headingStyles {
		if s.re.MatchString(t) {
			return s.name
		}
	}
	return ""
}

// before reports whether position a comes before b in the file.
func before(a, b *yusuan.Position) bool {
	if a.Page != b.Page {
		return a.Page < b.Page
	}
	return a.Line < b.Line
}

var _ = register(
	&Rule{ID: "NAR-020", Title: "标题下有内容", Severity: Warning, Category: CatNarrative,
		Doc: "说明中一个编号标题（如“（二）部门主管专项资金的绩效目标表”）下面既没有文字也没有表格，紧接着就是同级的下一个标题（“（三）”）时报告：这一部分未公开，也未说明“无”。上级标题（其下是“（一）”等下级标题）、最后一个标题（其后可能是表格）和后文再次出现且有内容的标题（目录中的一行）不报告。",
		Run: func(p *Pass) {
			secs := p.Doc.Narrative
			for i := 0; i+1 < len(secs); i++ {
				s, next := &secs[i], &secs[i+1]
				st := headingStyle(s.Title)
				if st == "" || headingStyle(next.Title) != st || len(s.Figures) > 0 {
					continue
				}
				empty := true
				for _, para := range s.Paragraphs {
					empty = empty && strings.TrimSpace(para) == ""
				}
				if !empty || s.Source == nil || next.Source == nil {
					continue
				}
				// A table printed between the two headings is the content.
				table := false
				for ti := range p.Doc.Tables {
					if ts := p.Doc.Tables[ti].Source; ts != nil && ts.File == s.Source.File && before(s.Source, ts) && before(ts, next.Source) {
						table = true
					}
				}
				if table || printedAgain(secs, i) {
					continue
				}
				f := Finding{Message: fmt.Sprintf("标题“%s”下没有内容", strings.TrimSpace(s.Title)), Expected: "公开的内容，或说明“无”",
					Detail: fmt.Sprintf("其后紧接同级标题“%s”", strings.TrimSpace(next.Title)),
					Source: &Source{File: s.Source.File, Page: s.Source.Page, Line: s.Source.Line, Section: s.Title}}
				p.Report(f)
			}
		}},
	&Rule{ID: "NAR-021", Title: "一节的末句完整", Severity: Warning, Category: CatNarrative,
		Doc: "说明中一节的最后一段以逗号结束（“机关运行经费安排533.78万元，”），后面却没有下文时报告：句子被截断，应有的内容（如与上年的比较）缺失。以冒号结束的不报告（其后常是图、名单或表格）。",
		Run: func(p *Pass) {
			for si := range p.Doc.Narrative {
				s := &p.Doc.Narrative[si]
				last := -1
				for i, para := range s.Paragraphs {
					if strings.TrimSpace(para) != "" {
						last = i
					}
				}
				if last < 0 {
					continue
				}
				para := strings.TrimSpace(s.Paragraphs[last])
				r, _ := utf8.DecodeLastRuneInString(para)
				// A colon may introduce a chart, a list or a table that
				// is not text: only a comma says the sentence broke off.
				if r != '，' && r != ',' {
					continue
				}
				sent := para
				if i := sentenceEnds.lastIndex(para[:len(para)-utf8.RuneLen(r)]); i >= 0 {
					_, sz := utf8.DecodeRuneInString(para[i:])
					sent = strings.TrimSpace(para[i+sz:])
				}
				src := &Source{Section: s.Title, Paragraph: last + 1, Sentence: sent}
				if s.Source != nil {
					src.File, src.Page, src.Line = s.Source.File, s.Source.Page, s.Source.Line
				}
				p.Report(Finding{Message: fmt.Sprintf("“%s”一节的末句以“%c”结束，句子不完整", strings.TrimSpace(s.Title), r),
					Expected: "完整的句子", Actual: sent, Source: src})
			}
		}},
)

// printedAgain reports whether the heading of section i is printed again
// further on with text under it: the first is a line of the contents page
// (目录), read as a heading, not an empty part of the narrative.
func printedAgain(secs []yusuan.Section, i int) bool {
	title := compact(secs[i].Title)
	for j := i + 1; j < len(secs); j++ {
		if compact(secs[j].Title) != title {
			continue
		}
		for _, para := range secs[j].Paragraphs {
			if strings.TrimSpace(para) != "" {
				return true
			}
		}
	}
	return false
}
