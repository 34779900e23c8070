package compliance

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/yusuan/yusuan"
	rendercsv "github.com/yusuan/yusuan/render/csv"
)

// CSVHeader is the first row of the CSV download.
var CSVHeader = []string{"单位编码", "单位名称", "年度", "类型", "批复日期", "公开截止日期", "首次公开日期", "状态", "逾期天数",
	"最新版本", "应有表格", "已有表格", "空表", "已说明空表", "必备说明", "已有说明", "完整度(%)", "缺漏",
	"所属单位", "已公开所属单位", "未公开所属单位", "错误", "警告"}

// WriteCSV writes the rows as CSV that Excel opens with its Chinese
// intact: UTF-8 with a byte order mark, CRLF line ends. A cell that
// begins with = + - @ (or a tab or carriage return) is prefixed with ',
// so a spreadsheet shows it as text and never runs it as a formula: the
// names come from published files, which anyone may write.
func WriteCSV(w io.Writer, rep Report) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, r := range rep.Rows {
		rec := []string{r.Organization.Code, r.Organization.Name, strconv.Itoa(r.Year), yusuan.KindTitle(r.Kind),
			r.ApprovedOn.String(), r.Deadline.String(), r.PublishedOn.String(), r.StatusText, strconv.Itoa(r.DaysLate)}
		if r.Latest != nil {
			rec = append(rec, strconv.Itoa(r.Latest.Version))
		} else {
			rec = append(rec, "")
		}
		if c := r.Completeness; c != nil {
			rec = append(rec, strconv.Itoa(c.TablesRequired), strconv.Itoa(c.TablesPresent), strconv.Itoa(c.EmptyTables), strconv.Itoa(c.EmptyExplained),
				strconv.Itoa(c.SectionsRequired), strconv.Itoa(c.SectionsPresent), fmt.Sprintf("%.1f", c.Percent), strings.Join(c.Missing, "；"))
		} else {
			rec = append(rec, "", "", "", "", "", "", "", "")
		}
		rec = append(rec, strconv.Itoa(r.Units.Total), strconv.Itoa(r.Units.Published), strings.Join(r.Units.Missing, "；"))
		if r.Latest != nil {
			rec = append(rec, strconv.Itoa(r.Latest.Errors), strconv.Itoa(r.Latest.Warnings))
		} else {
			rec = append(rec, "", "")
		}
		for i := range rec {
			rec[i] = rendercsv.Safe(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
