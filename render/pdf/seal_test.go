package pdf

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/yusuan/yusuan/render/internal/testdoc"
)

// Pages are compressed as they are finished and their drawing operations
// dropped (gopdf's SealFinishedPages): the file is byte for byte the one
// made keeping every page's operations to the end, and what the laid-out
// document holds in memory is a fraction of it.
func TestSealedPages(t *testing.T) {
	doc, p := testdoc.Example(t)
	layout := func(seal bool) ([]byte, uint64) {
		defer func(old bool) { sealPages = old }(sealPages)
		sealPages = seal
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		w, err := lay(doc, p)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		held := after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
		b, err := w.pdf.GetBytesPdfReturnErr()
		if err != nil {
			t.Fatal(err)
		}
		runtime.KeepAlive(w)
		return b, held
	}
	kept, keptHeld := layout(false)
	sealed, sealedHeld := layout(true)
	if !bytes.Equal(kept, sealed) {
		t.Fatalf("sealed pages change the file: %d bytes against %d", len(sealed), len(kept))
	}
	t.Logf("laid-out document holds %d KiB with every page's operations, %d KiB with pages sealed", keptHeld>>10, sealedHeld>>10)
	// The embedded font is most of a small document's memory; the pages'
	// operations are the rest, and go.
	if sealedHeld*10 > keptHeld*9 {
		t.Errorf("sealed pages hold %d KiB, not a tenth less than the %d KiB kept without", sealedHeld>>10, keptHeld>>10)
	}
	w, err := lay(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	if n := w.pdf.GetNumberOfPages(); n < 10 || w.pdf.SealedPages() != n-1 {
		t.Errorf("%d of %d pages sealed; want all but the last", w.pdf.SealedPages(), n)
	}
	if err := w.pdf.SetPage(1); err == nil {
		t.Error("a finished page can be drawn on again")
	}
}
