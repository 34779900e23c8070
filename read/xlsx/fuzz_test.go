package xlsx

import (
	"archive/zip"
	"bytes"
	"testing"
)

// FuzzRead feeds arbitrary bytes, and zips with arbitrary members, to the
// workbook reader: a clear error or a layout, never a panic.
func FuzzRead(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("not a workbook"))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte(`<workbook><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>`))
	zw.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := Read("f.xlsx", b)
		if err == nil && l == nil {
			t.Fatal("no layout and no error")
		}
	})
}
