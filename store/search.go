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

// searchBatch is the most entries one INSERT statement takes (as
// factBatch for facts).
const searchBatch = 64

const (
	qSearchDelete = `DELETE FROM search_entry WHERE publication_id = ?`
	qSearchStale  = `INSERT INTO search_stale (publication_id) VALUES (?)`
	// qSearchWaiting is how many entries the FTS5 index lacks.
	qSearchWaiting = `SELECT COALESCE((SELECT MAX(id) FROM search_entry), 0) - synced FROM search_fts_state`
)

// searchSyncEntries is how many entries may wait for the FTS5 index
// before Publish brings it up to date (about 25 documents; Search scans
// them meanwhile).
const searchSyncEntries = 2000

// syncSearch brings the FTS5 index up to date inside tx (SQLite): the
// entries of replaced versions are removed from it and from the entries,
// the entries newer than search_fts_state.synced are added, in one
// statement each, so that FTS5 writes one segment for all of them.
func (s *DB) syncSearch(ctx context.Context, tx *sql.Tx) error {
	var synced int64
	if err := tx.QueryRowContext(ctx, `SELECT synced FROM search_fts_state`).Scan(&synced); err != nil {
		return s.classify(err)
	}
	for _, q := range []string{
		// Stale entries not indexed yet: only the rows go.
		`DELETE FROM search_entry WHERE id > ? AND publication_id IN (SELECT publication_id FROM search_stale)`,
		// The other stale entries are in the index: out of it first.
		`INSERT INTO search_fts (search_fts, rowid, body) SELECT 'delete', id, body FROM search_entry
			WHERE publication_id IN (SELECT publication_id FROM search_stale) AND id <= ?`,
		`DELETE FROM search_entry WHERE publication_id IN (SELECT publication_id FROM search_stale) AND id <= ?`,
		`INSERT INTO search_fts (rowid, body) SELECT id, body FROM search_entry WHERE id > ? ORDER BY id`,
	} {
		if _, err := tx.ExecContext(ctx, q, synced); err != nil {
			return s.classify(err)
		}
	}
	// Every entry is indexed now; new ones get ids above the largest.
	_, err := tx.ExecContext(ctx, `DELETE FROM search_stale;
		UPDATE search_fts_state SET synced = (SELECT COALESCE(MAX(id), 0) FROM search_entry)`)
	return s.classify(err)
}

// Maintain brings deferred index work up to date in one transaction: on
// SQLite, the FTS5 search index (see index). Publish does it on its own
// every few thousand entries; a bulk publish runs it at the end. Search
// results are the same before and after.
func (s *DB) Maintain(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(err)
	}
	defer tx.Rollback()
	if err := s.syncSearch(ctx, tx); err != nil {
		return err
	}
	return s.classify(tx.Commit())
}

// maintainIfDue runs syncSearch in the publishing transaction when more
// than searchSyncEntries entries wait for the index.
func (s *DB) maintainIfDue(ctx context.Context, tx *sql.Tx) error {
	if s.dialect != SQLite {
		return nil
	}
	var waiting int64
	if err := s.txQueryRow(ctx, tx, qSearchWaiting, nil, &waiting); err != nil {
		return s.classify(err)
	}
	if waiting <= searchSyncEntries {
		return nil
	}
	return s.syncSearch(ctx, tx)
}

// searchInsert is the statement inserting n entries of one publication.
func searchInsert(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO search_entry (publication_id, org_code, year, kind, code, title, body)
		SELECT ?, ?, ?, v.column1, v.column2, v.column3, v.column4 FROM (VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?)")
	}
	b.WriteString(") AS v")
	return b.String()
}

// index replaces the search entries of publication prev (0 when none) by
// those of publication id, inside the publishing transaction. On SQLite
// the replaced entries are only marked stale, and the FTS5 index is
// brought up to date by Maintain (migration 00008); Publish runs it when
// more than searchSyncEntries entries wait.
func (s *DB) index(ctx context.Context, tx *sql.Tx, prev, id int64, orgCode string, year int, entries []searchEntry) error {
	if prev != 0 {
		q := qSearchDelete
		if s.dialect == SQLite {
			q = qSearchStale
		}
		if err := s.txExec(ctx, tx, q, prev); err != nil {
			return err
		}
	}
	args := make([]any, 0, 3+searchBatch*4)
	for rest := entries; len(rest) > 0; {
		n := searchBatch
		for n > len(rest) {
			n /= 2
		}
		args = append(args[:0], id, orgCode, year)
		for _, e := range rest[:n] {
			args = append(args, e.kind, e.code, e.title, e.body)
		}
		if err := s.txExec(ctx, tx, searchInsertSQL(n), args...); err != nil {
			return err
		}
		rest = rest[n:]
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
	if s.dialect == SQLite {
		if _, err := tx.ExecContext(ctx, `INSERT INTO search_fts (search_fts) VALUES ('delete-all');
			DELETE FROM search_stale; UPDATE search_fts_state SET synced = 0`); err != nil {
			return 0, s.classify(err)
		}
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
	if s.dialect == SQLite {
		if err := s.syncSearch(ctx, tx); err != nil {
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
	entries := `search_entry e`
	like := "%" + escapeLike(q.Q) + "%"
	switch {
	case s.dialect == SQLite && utf8.RuneCountInString(q.Q) >= 3:
		// An FTS5 string ("…" with quotes doubled) is matched as a
		// substring by the trigram tokenizer. The index holds the
		// entries up to search_fts_state.synced; the newer ones, not
		// indexed yet (Maintain), are scanned.
		entries = `(SELECT * FROM search_entry WHERE id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)
			UNION ALL SELECT * FROM search_entry WHERE id > (SELECT synced FROM search_fts_state) AND body LIKE ? ESCAPE '\') e`
		args = append(args, `"`+strings.ReplaceAll(q.Q, `"`, `""`)+`"`, like)
	case s.dialect == SQLite:
		where = append(where, `e.body LIKE ? ESCAPE '\'`)
		args = append(args, like)
	default:
		where = append(where, `e.body ILIKE ? ESCAPE '\'`)
		args = append(args, like)
	}
	// Entries of a replaced version wait for Maintain to remove them on
	// SQLite; only latest versions are searched.
	where = append(where, `p.latest = 1`)
	if q.Kind != "" {
		where = append(where, `e.kind = ?`)
		args = append(args, q.Kind)
	}
	if q.Year != 0 {
		where = append(where, `e.year = ?`)
		args = append(args, q.Year)
	}
	args = append(args, q.Limit)
	query := `SELECT ` + rank + `, e.kind, e.publication_id, e.org_code, o.name, e.year, p.kind, e.code, e.title, e.body` +
		` FROM ` + entries + ` JOIN publication p ON p.id = e.publication_id JOIN organization o ON o.id = p.organization_id` +
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
