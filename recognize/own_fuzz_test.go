package recognize

import (
	"encoding/json"
	"testing"

	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/read/text"
)

// FuzzOwnMap reads a Markdown rendering whose table map (layout.OwnMap)
// is arbitrary JSON, well encoded: a forged or damaged map is read, or
// refused with a warning, never a panic.
func FuzzOwnMap(f *testing.F) {
	f.Add(`{"profile":"general","tables":[{"number":1,"kind":"summary","title":"表","unit":"元","columns":[{"key":"income","type":"amount"}],"codes":0,"rows":[{"key":"fiscal"},{"level":"total"}],"header":1}],"sections":[{"part":1,"title":"一","paras":[{}]}],"parts":["第一部分"]}`,
		"# 标题\n\n## 第一部分\n\n### 一\n\n正文。\n\n## 1. 表\n\n单位：元\n\n| 项目 | 收入 |\n| --- | ---: |\n| 财政拨款 | 1,000 |\n| 合计 | 1,000 |\n")
	f.Add(`{"profile":"mof-final","tables":[{"declared":true,"number":1,"kind":"summary"},{"number":2,"kind":"other","codes":3,"gov":true,"columns":[],"rows":[{},{}],"header":2}]}`,
		"## 1. 收入支出决算总表\n\n## 2. x\n\n| a | b | c | d | e | f | g |\n| 1 | 2 |\n")
	f.Add(`{"profile":"general","tables":[{"number":1,"kind":"other","codes":-1,"columns":[],"rows":[{}]}]}`, "## 1. \n| a |\n| b |\n")
	f.Add(`{"profile":"mof-final","tables":[{"number":1,"kind":"summary","columns":[{"key":"income","type":"amount"}],"codes":0,"header":0,"pages":[1,2],"rows":[{"swap":["income"],"name":"合计","code":"201"},{"level":"total"}],"blocks":[{"cols":[{"role":"name"},{"key":"income","type":"amount"},{"role":"name","seg":1}],"xs":[0,1,2,3],"rows":[{"docs":[0,1],"boxes":[{"p":1,"y0":0,"y1":900}],"spaces":[{"c":0,"at":[0,5],"s":["\n"," "]}]},{"docs":[7,-1]}]}]}],"sections":[{"part":1,"paras":[{"boxes":[{"p":1,"y0":0,"y1":9}]}],"head":{"rows":[3]}}]}`,
		"| 合计 | 1,000 | 合计 |\n")
	g, err := profile.General()
	if err != nil {
		f.Fatal(err)
	}
	mof, err := profile.Load("mof-final")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, mapJSON, md string) {
		if len(mapJSON) > 1<<14 || len(md) > 1<<14 {
			return
		}
		var m layout.OwnMap
		if json.Unmarshal([]byte(mapJSON), &m) != nil {
			return
		}
		l, err := text.Read("fuzz.md", []byte(md+"\n<!-- "+m.Encode()+" -->\n"))
		if err != nil {
			return
		}
		for _, kind := range []string{layout.KindText, layout.KindXLSX, layout.KindPDF} {
			l.Kind = kind
			RecognizeGeneral(l, g, nil)
			RecognizeWith(l, mof, g, nil)
		}
	})
}
