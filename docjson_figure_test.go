package yusuan

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestDecodeFastFigureFields checks that the fast decoder reads a
// figure's quantity and unnamed as encoding/json does, so that documents
// read from final accounts and qualified wordings keep the fast path.
func TestDecodeFastFigureFields(t *testing.T) {
	doc := &Document{Schema: DocumentSchema, Tables: []Table{}, Narrative: []Section{{Key: "x", Title: "三", Paragraphs: []string{"p"},
		Figures: []Figure{
			{Paragraph: 0, Text: "5717.32万元", Kind: FigureAmount, Ref: "function:2014001", Unit: "万元", Decimals: 2, Printed: "5717.32", Quantity: QuantityBudgetInitial},
			{Paragraph: 0, Text: "100.71%", Kind: FigureRate, Ref: "function:2014001", Unit: "%", Decimals: 2, Printed: "100.71", Quantity: QuantityBudgetInitial},
			{Paragraph: 0, Text: "169.88万元", Kind: FigureAmount, Unit: "万元", Decimals: 2, Printed: "169.88", Unnamed: true},
		}}}}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	fast, ok := DecodeDocumentFast(b)
	if !ok {
		t.Fatalf("fast decoder refused %s", b)
	}
	var slow Document
	if err := json.Unmarshal(b, &slow); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast.Narrative, slow.Narrative) {
		t.Errorf("fast %+v\nslow %+v", fast.Narrative, slow.Narrative)
	}
	if _, ok := DecodeDocumentFast([]byte(`{"narrative":[{"figures":[{"unnamed":tru}]}]}`)); ok {
		t.Error("a broken boolean was accepted")
	}
}
