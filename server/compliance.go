package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/compliance"
)

// GET /api/v1/compliance?region=&year=&kind=&sort=&desc=&format=json|csv:
// the compliance dashboard (docs/compliance.md) of a region, for its
// finance reviewers and administrators only: 401 without a user, 403 for
// anyone else. Not cached: it changes with the day.
func (s *Server) compliance(w http.ResponseWriter, r *http.Request) error {
	u := yusuan.UserFrom(r.Context())
	if u == nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="yusuan"`)
		return &apiError{http.StatusUnauthorized, "请先登录，或带上 Authorization: Bearer 令牌"}
	}
	now := time.Now()
	q, err := compliance.ParseQuery(r.URL.Query(), u, now)
	if err != nil {
		return badRequest("%v", err)
	}
	if q.Region == "" {
		return badRequest("请用 region 参数指定地区编码")
	}
	if !compliance.Allowed(u, q.Region) {
		return &apiError{http.StatusForbidden, u.Name + "（" + u.Role.Title() + "）无权查看地区 " + q.Region + " 的合规看板：需要该地区的财政审核人或管理员"}
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "csv" {
		return badRequest("format 应为 json 或 csv")
	}
	rep, err := compliance.Load(r.Context(), s.db, q.Region, q.Year, q.Kind, yusuan.DateOf(now))
	if err != nil {
		return err
	}
	compliance.Sort(rep.Rows, q.Sort, q.Desc)
	w.Header().Set("Cache-Control", "no-store")
	if format == "csv" {
		var b bytes.Buffer
		if err := compliance.WriteCSV(&b, rep); err != nil {
			return err
		}
		name := "合规看板-" + q.Region + "-" + q.Values("").Get("year") + "-" + yusuan.KindTitle(q.Kind) + ".csv"
		w.Header().Set("Content-Disposition", contentDisposition(name))
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		_, err := w.Write(b.Bytes())
		return err
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err = w.Write(append(b, '\n'))
	return err
}
