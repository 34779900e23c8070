package workbook

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
)

// FuzzRead: any bytes given as a workbook are read or refused with an
// error, never a panic, and a budget read is a valid one.
func FuzzRead(f *testing.F) {
	b := minimal(f)
	data, err := Write(b, options(f, 2021, false))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	empty, err := Template("zhengzhou-2021", "", "", 2021, options(f, 2021, false))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(empty)
	final, err := Template("mof-final", "final", "", 2024, options(f, 2024, true))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(final)
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got *yusuan.Budget
		var err error
		done := make(chan struct{})
		go func() { got, err = Read("f.xlsx", data, catalog.Load); close(done) }()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatal("reading took more than 60 s")
		}
		if err == nil && got == nil {
			t.Fatal("no budget and no error")
		}
		if err != nil && got != nil {
			t.Fatal("a budget and an error")
		}
	})
}

// targets are cells of the minimal budget's workbook of every kind a
// cell can be read as.
var targets = []struct{ sheet, cell string }{
	{sheetInfo, "B5"},        // year
	{sheetInfo, "B8"},        // scope, text
	{sheetInfo, "B9"},        // a count
	{sheetInfo, "B22"},       // a date
	{sheetUnits, "C2"},       // an enum
	{sheetExpenditure, "B2"}, // a code
	{sheetExpenditure, "H2"}, // an amount
	{sheetExpenditure, "F4"}, // a project id
	{sheetProjects, "I2"},    // a project's start, a lenient date
	{sheetLastYear, "A2"},    // a measure key
	{sheetLastYear, "C2"},    // last year's figure
	{sheetProjectInd, "E2"},  // an indicator's target
	{sheetIncome, "A2"},      // a unit
}

// FuzzCell: whatever text or number a cell holds, the workbook is read
// or refused with a message, never a panic; and a budget read from it
// makes the round trip unchanged.
func FuzzCell(f *testing.F) {
	b := minimal(f)
	data, err := Write(b, options(f, 2021, false))
	if err != nil {
		f.Fatal(err)
	}
	for i := range targets {
		f.Add(uint8(i), "0", false)
		f.Add(uint8(i), "1.5", true)
		f.Add(uint8(i), "=A1", false)
	}
	f.Add(uint8(6), "1,234.56", false)
	f.Add(uint8(6), "12029501.840000001", true)
	f.Add(uint8(3), "44196", true)
	f.Add(uint8(5), "2010301 行政运行", false)
	f.Fuzz(func(t *testing.T, which uint8, value string, number bool) {
		tg := targets[int(which)%len(targets)]
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if number {
			x.SetCellValue(tg.sheet, tg.cell, len(value))
			x.SetCellDefault(tg.sheet, tg.cell, value)
		} else {
			x.SetCellStr(tg.sheet, tg.cell, value)
		}
		buf, err := x.WriteToBuffer()
		x.Close()
		if err != nil {
			return
		}
		got, err := Read("f.xlsx", buf.Bytes(), catalog.Load)
		if err != nil {
			if got != nil {
				t.Fatal("a budget and an error")
			}
			return
		}
		again, err := Write(got, options(t, got.Year, false))
		if err != nil {
			return // text Excel cannot hold, refused on writing
		}
		back, err := Read("again.xlsx", again, catalog.Load)
		if err != nil {
			t.Fatalf("a budget read from a workbook does not read back: %v", err)
		}
		if w, g := mustJSON(t, got), mustJSON(t, back); w != g {
			t.Fatalf("the round trip changed the budget:\n%s", firstDiff(w, g))
		}
	})
}
