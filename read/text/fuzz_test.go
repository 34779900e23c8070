package text_test

import (
	"os"
	"testing"

	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/read/text"
	"github.com/yusuan/yusuan/recognize"
)

// FuzzRead feeds arbitrary bytes to the text reader and the recognizer of
// both profiles: any input is a layout or an error, never a panic.
func FuzzRead(f *testing.F) {
	src, err := os.ReadFile(seed)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(src[:4000])
	f.Add(src[len(src)/2 : len(src)/2+3000])
	f.Add([]byte("## 1. 郑州市人民政府办公厅收支总体情况表\n\n单位：元\n\n| 收入项目 | 金额 | 支出项目 | 金额 |\n| --- | ---: | --- | ---: |\n| 一、一般公共预算 | 1,000 | 一、基本支出 | 1,000 |\n"))
	f.Add([]byte("2025年部门“三公”经费和机关运行经费预算表\n单位:万元\n合计\t因公出国(境)费\n867.50\t839.00\n"))
	f.Add([]byte{0xEF, 0xBB, 0xBF, 0xD6, 0xD0, '\t', '\n'})
	ps, err := profile.All()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := text.Read("fuzz.txt", data)
		if err != nil {
			return
		}
		for _, p := range ps {
			recognize.Recognize(l, p, nil)
		}
		recognize.Detect(l, ps)
	})
}
