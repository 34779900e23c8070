package yusuan

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2026-03-05": "2026-03-05", " 2026/3/5 ": "2026-03-05", "2026年3月5日": "2026-03-05", "2024-02-29": "2024-02-29",
	} {
		d, err := ParseDate(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"", "2026-02-29", "2026-13-01", "2026-03", "03/05/2026", "2026-03-05x", "明天"} {
		if d, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", in, d)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	d := NewDate(2026, 2, 20)
	if got := d.AddDays(20).String(); got != "2026-03-12" {
		t.Errorf("2026-02-20 + 20 = %s", got)
	}
	if n := d.DaysUntil(NewDate(2026, 3, 12)); n != 20 {
		t.Errorf("days = %d", n)
	}
	if n := NewDate(2026, 3, 12).DaysUntil(d); n != -20 {
		t.Errorf("days back = %d", n)
	}
	// 23:30 UTC on 3 March is 4 March in China.
	if got := DateOf(time.Date(2026, 3, 3, 23, 30, 0, 0, time.UTC)).String(); got != "2026-03-04" {
		t.Errorf("DateOf = %s", got)
	}
	b, _ := json.Marshal(struct{ D, Z Date }{D: d})
	if string(b) != `{"D":"2026-02-20","Z":""}` {
		t.Errorf("json = %s", b)
	}
	var back struct{ D, Z Date }
	if err := json.Unmarshal(b, &back); err != nil || back.D != d || !back.Z.IsZero() {
		t.Errorf("unmarshal = %+v, %v", back, err)
	}
}
