package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
)

// Kinds of search entries.
const (
	SearchOrg       = "org"       // the organization's name
	SearchProject   = "project"   // a project's name
	SearchSubject   = "subject"   // a 科目 name printed in a table
	SearchNarrative = "narrative" // a paragraph of the narrative
)

// Titles of subject entries: which classification the code belongs to.
const (
	SubjectFunctional = "支出功能分类科目"
	SubjectEconomic   = "支出经济分类科目"
)

// Search limits.
const (
	MaxSearchQuery = 100 // characters (runes) of a query
	MaxSearchLimit = 200 // results of one search
)

// SearchQuery asks for the entries whose text contains Q.
type SearchQuery struct {
	Q     string
	Kind  string // "" or one of the Search* kinds
	Year  int    // 0 for every year
	Limit int    // 1–MaxSearchLimit; 0 means 50
}

// SearchHit is one entry found, with the publication it belongs to.
type SearchHit struct {
	Kind          string `json:"kind"`
	PublicationID int64  `json:"publication_id"`
	OrgCode       string `json:"org_code"`
	OrgName       string `json:"org_name"`
	Year          int    `json:"year"`
	DocKind       string `json:"doc_kind"`
	// Code is the 科目 code of a subject, else empty.
	Code string `json:"code,omitempty"`
	// Title is the section title of a paragraph, or the classification of
	// a subject.
	Title string `json:"title,omitempty"`
	// Text is the whole name, or the paragraph.
	Text string `json:"text"`
	// Exact says the name equals the query.
	Exact   bool    `json:"exact"`
	Snippet Snippet `json:"snippet"`
}

// Snippet is the text around the first match: Before + Match + After is a
// part of Text; Before starts, and After ends, with "…" when cut.
type Snippet struct {
	Before string `json:"before"`
	Match  string `json:"match"`
	After  string `json:"after"`
}

// ErrBadSearch is wrapped by errors about the query itself.
var ErrBadSearch = errors.New("bad search")

type searchEntry struct {
	kind, code, title, body string
}

// searchEntries lists the searchable texts of a document: the
// organization's name, each project's name (performance_project tables),
// each 科目 name with its code as the tables print it, and each paragraph
// of the narrative with its section's title. Repeated texts of one kind
// are listed once.
func searchEntries(orgName string, d *yusuan.Document) []searchEntry {
	var out []searchEntry
	seen := map[searchEntry]bool{}
	add := func(e searchEntry) {
		e.body = strings.TrimSpace(e.body)
		if e.body == "" || seen[e] {
			return
		}
		seen[e] = true
		out = append(out, e)
	}
	add(searchEntry{kind: SearchOrg, body: orgName})
	for ti := range d.Tables {
		t := &d.Tables[ti]
		if t.Kind == yusuan.KindPerformanceProject {
			add(searchEntry{kind: SearchProject, body: t.Project})
			for _, r := range t.Rows {
				if r.Key == "project_name" {
					add(searchEntry{kind: SearchProject, body: r.Cells["value"].Text})
				}
			}
			continue
		}
		for ri := range t.Rows {
			r := &t.Rows[ri]
			if title := subjectScheme(t.Kind, r); title != "" {
				add(searchEntry{kind: SearchSubject, code: r.Code, title: title, body: r.Name})
			}
		}
	}
	for _, s := range d.Narrative {
		for _, p := range s.Paragraphs {
			add(searchEntry{kind: SearchNarrative, title: s.Title, body: p})
		}
	}
	return out
}

// subjectScheme tells whether a row is a 科目 and of which classification,
// as yusuan.Facts reads codes: economic codes of 3 or 5 digits in the
// economic and basic-expenditure tables, functional codes of 3, 5 or 7
// digits in the other tables of amounts.
func subjectScheme(k yusuan.TableKind, r *yusuan.Row) string {
	switch k {
	case yusuan.KindOther, yusuan.KindPerformanceDepartment, yusuan.KindProcurement, yusuan.KindThreePublic:
		return ""
	}
	if r.Level == yusuan.LevelTotal || r.Level == yusuan.LevelUnit || r.Name == "" || !yusuan.IsDigits(r.Code) {
		return ""
	}
	n := len(r.Code)
	switch k {
	case yusuan.KindGeneralPublicBasic, yusuan.KindGeneralPublicEconomic:
		if n == 3 || n == 5 {
			return SubjectEconomic
		}
	default:
		if n == 3 || n == 5 || n == 7 {
			return SubjectFunctional
		}
	}
	return ""
}

// searchBatch is how many entries go into one INSERT statement.
const searchBatch = 100

// index replaces the search entries of publication prev (0 when none) by
// those of publication id, inside the publishing transaction.
func (s *DB) index(ctx context.Context, tx *sql.Tx, prev, id int64, orgCode string, year int, entries []searchEntry) error {
	if prev != 0 {
		if _, err := tx.ExecContext(ctx, s.Rebind(`DELETE FROM search_entry WHERE publication_id = ?`), prev); err != nil {
			return s.classify(err)
		}
	}
	for start := 0; start < len(entries); start += searchBatch {
		end := min(start+searchBatch, len(entries))
		var b strings.Builder
		b.WriteString(`INSERT INTO search_entry (publication_id, org_code, year, kind, code, title, body) VALUES `)
		args := make([]any, 0, (end-start)*7)
		for i, e := range entries[start:end] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(?,?,?,?,?,?,?)")
			args = append(args, id, orgCode, year, e.kind, e.code, e.title, e.body)
		}
		if _, err := tx.ExecContext(ctx, s.Rebind(b.String()), args...); err != nil {
			return s.classify(err)
		}
	}
	return nil
}

// Reindex rebuilds the search index from the Document JSON of every
// latest version, in one transaction. Open runs it after the migration
// that creates the index, for the publications stored before; it is safe
// to run at any time.
func (s *DB) Reindex(ctx context.Context) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, s.classify(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_entry`); err != nil {
		return 0, s.classify(err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.id, o.code, o.name, p.year FROM publication p JOIN organization o ON o.id = p.organization_id
		WHERE p.latest = 1 ORDER BY p.id`)
	if err != nil {
		return 0, s.classify(err)
	}
	type pub struct {
		id         int64
		code, name string
		year       int
	}
	var pubs []pub
	for rows.Next() {
		var p pub
		if err := rows.Scan(&p.id, &p.code, &p.name, &p.year); err != nil {
			rows.Close()
			return 0, s.classify(err)
		}
		pubs = append(pubs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, s.classify(err)
	}
	for _, p := range pubs {
		var b []byte
		if err := tx.QueryRowContext(ctx, s.Rebind(`SELECT document_json FROM publication WHERE id = ?`), p.id).Scan(&b); err != nil {
			return 0, s.classify(err)
		}
		d, ok := yusuan.DecodeDocumentFast(b)
		if !ok {
			d = &yusuan.Document{}
			if err := json.Unmarshal(b, d); err != nil {
				return 0, fmt.Errorf("%s: 发布 %d 的文档无法读取，不能建立搜索索引：%w", s.Where, p.id, err)
			}
		}
		if err := s.index(ctx, tx, 0, p.id, p.code, p.year, searchEntries(p.name, d)); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, s.classify(err)
	}
	return len(pubs), nil
}

// CheckSearchQuery says what is wrong with a query, in Chinese.
func CheckSearchQuery(q SearchQuery) error {
	switch {
	case strings.TrimSpace(q.Q) == "":
		return fmt.Errorf("%w: 搜索词为空", ErrBadSearch)
	case !utf8.ValidString(q.Q):
		return fmt.Errorf("%w: 搜索词不是有效的 UTF-8 文本", ErrBadSearch)
	case utf8.RuneCountInString(q.Q) > MaxSearchQuery:
		return fmt.Errorf("%w: 搜索词太长（最多 %d 个字）", ErrBadSearch, MaxSearchQuery)
	case strings.ContainsFunc(q.Q, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return fmt.Errorf("%w: 搜索词含控制字符", ErrBadSearch)
	case q.Kind != "" && q.Kind != SearchOrg && q.Kind != SearchProject && q.Kind != SearchSubject && q.Kind != SearchNarrative:
		return fmt.Errorf("%w: 类别 %q 无效，应为 org、project、subject 或 narrative", ErrBadSearch, q.Kind)
	case q.Year != 0 && (q.Year < 1990 || q.Year > 2100):
		return fmt.Errorf("%w: 年度 %d 不在 1990–2100 之间", ErrBadSearch, q.Year)
	case q.Limit < 0 || q.Limit > MaxSearchLimit:
		return fmt.Errorf("%w: limit 应在 1–%d 之间", ErrBadSearch, MaxSearchLimit)
	}
	return nil
}

// Search finds the index entries whose text contains q.Q (a substring,
// case-insensitive for Latin letters), ranked: names equal to the query
// first, then organization, project and subject names, then narrative
// paragraphs; within a rank, shorter texts (a closer match) and newer
// years first. On SQLite a query of three characters or more goes through
// the FTS5 trigram index; shorter ones, which trigrams cannot serve, scan
// the entries with LIKE. On PostgreSQL the pg_trgm GIN index serves
// ILIKE. The query is always a bound parameter.
func (s *DB) Search(ctx context.Context, q SearchQuery) ([]SearchHit, error) {
	q.Q = strings.TrimSpace(q.Q)
	if err := CheckSearchQuery(q); err != nil {
		return nil, err
	}
	if q.Limit == 0 {
		q.Limit = 50
	}
	var where []string
	var args []any
	// rank: 0 exact name, 1 other names, 2 paragraphs.
	rank := `CASE WHEN e.kind <> 'narrative' AND lower(e.body) = lower(?) THEN 0 WHEN e.kind <> 'narrative' THEN 1 ELSE 2 END`
	args = append(args, q.Q)
	from := ` FROM search_entry e JOIN publication p ON p.id = e.publication_id JOIN organization o ON o.id = p.organization_id`
	like := "%" + escapeLike(q.Q) + "%"
	switch {
	case s.dialect == SQLite && utf8.RuneCountInString(q.Q) >= 3:
		// An FTS5 string ("…" with quotes doubled) is matched as a
		// substring by the trigram tokenizer.
		from += ` JOIN search_fts f ON f.rowid = e.id`
		where = append(where, `search_fts MATCH ?`)
		args = append(args, `"`+strings.ReplaceAll(q.Q, `"`, `""`)+`"`)
	case s.dialect == SQLite:
		where = append(where, `e.body LIKE ? ESCAPE '\'`)
		args = append(args, like)
	default:
		where = append(where, `e.body ILIKE ? ESCAPE '\'`)
		args = append(args, like)
	}
	if q.Kind != "" {
		where = append(where, `e.kind = ?`)
		args = append(args, q.Kind)
	}
	if q.Year != 0 {
		where = append(where, `e.year = ?`)
		args = append(args, q.Year)
	}
	args = append(args, q.Limit)
	query := `SELECT ` + rank + `, e.kind, e.publication_id, e.org_code, o.name, e.year, p.kind, e.code, e.title, e.body` + from +
		` WHERE ` + strings.Join(where, ` AND `) +
		` ORDER BY 1, length(e.body), e.year DESC, e.id LIMIT ?`
	rows, err := s.db.QueryContext(ctx, s.Rebind(query), args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []SearchHit
	for rows.Next() {
		var h SearchHit
		var r int
		if err := rows.Scan(&r, &h.Kind, &h.PublicationID, &h.OrgCode, &h.OrgName, &h.Year, &h.DocKind, &h.Code, &h.Title, &h.Text); err != nil {
			return nil, s.classify(err)
		}
		h.Exact = r == 0
		h.Snippet = MakeSnippet(h.Text, q.Q, 40)
		out = append(out, h)
	}
	return out, s.classify(rows.Err())
}

// MakeSnippet cuts text around the first occurrence of q (ignoring the
// case of Latin letters), keeping about width characters on each side.
// When q is not found the snippet is the start of text.
func MakeSnippet(text, q string, width int) Snippet {
	start, end := indexFold(text, q)
	if start < 0 {
		return Snippet{After: cutRunes(text, 2*width, false)}
	}
	return Snippet{Before: cutRunes(text[:start], width, true), Match: text[start:end], After: cutRunes(text[end:], width, false)}
}

// indexFold finds q in text ignoring case, returning byte offsets in text.
func indexFold(text, q string) (int, int) {
	if q == "" {
		return -1, -1
	}
	n := utf8.RuneCountInString(q)
	for i := range text {
		j, k := i, 0
		for k < n && j < len(text) {
			_, w := utf8.DecodeRuneInString(text[j:])
			j += w
			k++
		}
		if k == n && strings.EqualFold(text[i:j], q) {
			return i, j
		}
	}
	return -1, -1
}

// cutRunes keeps at most n runes of s: the last n when fromEnd, else the
// first n, marking the cut with "…".
func cutRunes(s string, n int, fromEnd bool) string {
	c := utf8.RuneCountInString(s)
	if c <= n {
		return s
	}
	r := []rune(s)
	if fromEnd {
		return "…" + string(r[c-n:])
	}
	return string(r[:n]) + "…"
}
