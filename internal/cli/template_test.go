package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/yusuan/yusuan/workbook"
)

// yusuan template writes the empty workbook of a profile; yusuan build
// reads a filled one back to the same Document JSON as the budget file.
func TestTemplateRoundTripThroughTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "填报模板.xlsx")
	if code, _, stderr := run(t, "template", "--profile", "zhengzhou-2021", "-o", empty); code != ExitOK {
		t.Fatalf("template --profile: exit %d\n%s", code, stderr)
	}
	data, err := os.ReadFile(empty)
	if err != nil || !workbook.IsTemplate(data) {
		t.Fatalf("no template written: %v", err)
	}
	for _, ex := range []string{"zhengzhou-2021-gov-office", "central-2024-xinfangju-final"} {
		t.Run(ex, func(t *testing.T) {
			yaml := filepath.Join("../../examples", ex, "budget.yaml")
			filled := filepath.Join(dir, ex+".xlsx")
			if code, _, stderr := run(t, "template", "--from", yaml, "-o", filled); code != ExitOK {
				t.Fatalf("template --from: exit %d\n%s", code, stderr)
			}
			a, b := filepath.Join(dir, ex+"-a"), filepath.Join(dir, ex+"-b")
			if code, _, stderr := run(t, "build", filled, "--format", "json", "-o", a); code != ExitOK {
				t.Fatalf("build workbook: exit %d\n%s", code, stderr)
			}
			if code, _, stderr := run(t, "build", yaml, "--format", "json", "-o", b); code != ExitOK {
				t.Fatalf("build yaml: exit %d\n%s", code, stderr)
			}
			ja, _ := os.ReadFile(filepath.Join(a, ex+".json"))
			jb, _ := os.ReadFile(filepath.Join(b, "budget.json"))
			if len(ja) == 0 || !bytes.Equal(ja, jb) {
				t.Fatalf("Document JSON of the workbook (%d bytes) differs from the budget file's (%d bytes)", len(ja), len(jb))
			}
			// A filled workbook is a budget to check as well.
			if code, stdout, stderr := run(t, "check", filled); code == ExitInput {
				t.Fatalf("check workbook: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}

// A bad workbook: exit 2, a message naming sheet!cell, nothing written.
func TestBadWorkbookWritesNothing(t *testing.T) {
	dir := t.TempDir()
	filled := filepath.Join(dir, "filled.xlsx")
	if code, _, stderr := run(t, "template", "--from", "../../testdata/budgets/minimal.yaml", "-o", filled); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	f, err := excelize.OpenFile(filled)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStr("支出", "H3", "十三万")
	f.SetCellStr("支出", "B2", "9999999")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := filepath.Join(dir, "site")
	code, _, stderr := run(t, "build", filled, "--format", "all", "-o", out)
	if code != ExitInput {
		t.Fatalf("exit %d, want 2\n%s", code, stderr)
	}
	for _, want := range []string{"filled.xlsx: 支出!H3（金额（元））: 应为以元为单位的金额", "十三万"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the output folder was made: %v", err)
	}
	// Fixed, it is read; then the unknown code is reported by cell.
	f, _ = excelize.OpenFile(filled)
	f.SetCellFloat("支出", "H3", 134567.89, -1, 64)
	f.Save()
	f.Close()
	code, _, stderr = run(t, "build", filled, "-o", out)
	if code != ExitInput || !strings.Contains(stderr, "支出!B2（功能科目）: 支出功能分类编码 9999999 不在 2021 年科目表中") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
}

func TestTemplateCommandLine(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"template", "-o", filepath.Join(dir, "x.xlsx")}, "请用 --profile 指定公开格式"},
		{[]string{"template", "--profile", "zhengzhou-2021"}, "请用 -o 给出工作簿的文件名"},
		{[]string{"template", "--profile", "nope", "-o", filepath.Join(dir, "x.xlsx")}, "nope"},
		{[]string{"template", "--profile", "zhengzhou-2021", "--year", "1900", "-o", filepath.Join(dir, "x.xlsx")}, "--year 1900"},
		{[]string{"template", "--profile", "zhengzhou-2021", "--year", "2019", "-o", filepath.Join(dir, "x.xlsx")}, "没有 2019 年可用的科目表"},
		{[]string{"template", "--profile", "zhengzhou-2021", "-o", dir}, "已存在同名的文件夹"},
		{[]string{"template", "--from", "../../testdata/budgets/bad/negative-amount.yaml", "-o", filepath.Join(dir, "x.xlsx")}, "不能为负数"},
	} {
		code, _, stderr := run(t, c.args...)
		if code != ExitInput || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant %q", c.args, code, stderr, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.xlsx")); !os.IsNotExist(err) {
		t.Error("a workbook was written by a failed command")
	}
	// The workbook never replaces its input.
	in := filepath.Join(dir, "in.xlsx")
	if code, _, stderr := run(t, "template", "--profile", "shanghai-2025", "--year", "2024", "-o", in); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	before, _ := os.ReadFile(in)
	if code, _, _ := run(t, "template", "--from", in, "-o", in); code != ExitInput {
		t.Errorf("writing over the input: exit %d", code)
	}
	after, _ := os.ReadFile(in)
	if !bytes.Equal(before, after) {
		t.Error("the input was changed")
	}
}

// A fact the narrative needs and the workbook lacks is named with the cell
// where it belongs.
func TestWorkbookMissingFactNamesItsCell(t *testing.T) {
	dir := t.TempDir()
	filled := filepath.Join(dir, "filled.xlsx")
	if code, _, stderr := run(t, "template", "--from", "../../testdata/budgets/minimal.yaml", "-o", filled); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	f, err := excelize.OpenFile(filled)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("上年数与变动原因", "A2"); v != "total" {
		t.Fatalf("上年数与变动原因!A2 is %q", v)
	}
	f.SetCellStr("上年数与变动原因", "C2", "")
	f.Save()
	f.Close()
	code, _, stderr := run(t, "build", filled, "-o", filepath.Join(dir, "site"))
	if code != ExitInput || !strings.Contains(stderr, "缺少 last_year.total（请填写 上年数与变动原因!C2：total 的上年数）") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
}
