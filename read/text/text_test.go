package text_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/read/text"
	"github.com/yusuan/yusuan/recognize"
)

const seed = "../../testdata/disclosures/zhengzhou-2021-gov-office.txt"

func TestCells(t *testing.T) {
	l := text.Parse("t", "# 标题\n\n| 类 | 款 \\| x | 金额 |\n| --- | --- | ---: |\n201\t03\t<p style=\"a\"><b>行政运行</b></p>\t1,000\n")
	lines := l.Pages[0].Lines
	if lines[0].Heading != 1 || lines[0].Text() != "标题" {
		t.Errorf("heading: %+v", lines[0])
	}
	if got := len(lines[2].Cells); got != 3 || lines[2].Cells[1].Text != "款 | x" {
		t.Errorf("pipe row: %+v", lines[2].Cells)
	}
	if !lines[3].Empty() {
		t.Errorf("separator row kept: %+v", lines[3])
	}
	if c := lines[4].Cells; len(c) != 4 || c[2].Text != "行政运行" || c[2].X0 != 2 || c[2].Pos.Line != 5 {
		t.Errorf("tab row: %+v", c)
	}
}

// BenchmarkRead is the text reader alone (decode and lay out); the issue
// asks for at least 20 MB/s. BenchmarkImport adds recognition.
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile(seed)
	if err != nil {
		b.Fatal(err)
	}
	data = bytes.Repeat(data, 16) // about 1.2 MB
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := text.Read("seed.txt", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkImport(b *testing.B) {
	data, err := os.ReadFile(seed)
	if err != nil {
		b.Fatal(err)
	}
	p, err := profile.Load("zhengzhou-2021")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		l, err := text.Read("seed.txt", data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := recognize.Recognize(l, p, nil); err != nil {
			b.Fatal(err)
		}
	}
}
