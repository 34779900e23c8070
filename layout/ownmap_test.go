package layout

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

func TestOwnMapRoundTrip(t *testing.T) {
	m := &OwnMap{Profile: "general", Year: 2026, Tables: []OwnTable{{Number: 1, Kind: yusuan.KindSummary,
		Columns: []yusuan.Column{{Key: "income", Type: yusuan.ColAmount}}, Rows: []OwnRow{{Key: "fiscal"}, {Level: yusuan.LevelTotal}}}}}
	s := m.Encode()
	if !strings.HasPrefix(s, OwnMapPrefix) || strings.ContainsAny(s, "\n\"()<>&") {
		t.Fatalf("encoded map is not one plain line: %.80q", s)
	}
	got, err := DecodeOwnMap(s)
	if err != nil {
		t.Fatal(err)
	}
	if got.Year != 2026 || len(got.Tables) != 1 || got.Tables[0].Rows[0].Key != "fiscal" || got.Tables[0].Rows[1].Level != yusuan.LevelTotal {
		t.Errorf("decoded %+v", got)
	}
	for _, bad := range []string{"", "yusuan-map/1:", "yusuan-map/1:!!!", "yusuan-map/1:" + s[len(OwnMapPrefix):len(s)-8], "other"} {
		if _, err := DecodeOwnMap(bad); err == nil {
			t.Errorf("DecodeOwnMap(%.40q) accepted", bad)
		}
	}
}

func FuzzDecodeOwnMap(f *testing.F) {
	f.Add((&OwnMap{Profile: "general"}).Encode())
	f.Add("yusuan-map/1:H4sIAAAAAAAC/w==")
	f.Fuzz(func(t *testing.T, s string) {
		DecodeOwnMap(s) // must not panic or run away
	})
}
