package compliance

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/store"
)

// Load gathers a region's inputs of a year and kind from the store —
// its organizations, approval dates, every version of their publications,
// and the completeness of each latest department publication, judged on
// its stored Document by check.CompletenessOf with the document's profile
// — and computes the report as of today.
func Load(ctx context.Context, db *store.DB, region string, year int, kind string, today yusuan.Date) (Report, error) {
	if kind == "" {
		kind = yusuan.DocBudget
	}
	in := Input{Region: region, Year: year, Kind: kind, Today: today, Completeness: map[int64]check.Completeness{}}
	var err error
	if in.Organizations, err = db.Organizations(ctx, yusuan.OrganizationFilter{Region: region}); err != nil {
		return Report{}, err
	}
	inRegion := map[string]yusuan.Organization{}
	for _, o := range in.Organizations {
		inRegion[o.Code] = o
	}
	if in.Approvals, err = db.Approvals(ctx, store.ApprovalFilter{Region: region, Year: year, Kind: kind}); err != nil {
		return Report{}, err
	}
	f := yusuan.PublicationFilter{Region: region, Year: year, Kind: kind, AllVersions: true, Limit: store.MaxPage}
	for {
		page, err := db.Publications(ctx, f)
		if err != nil {
			return Report{}, err
		}
		for _, p := range page {
			if _, ok := inRegion[p.Organization.Code]; ok {
				in.Publications = append(in.Publications, p)
			}
		}
		if len(page) < f.Limit {
			break
		}
		f.After = page[len(page)-1].ID
	}
	profiles := map[string]*yusuan.Profile{}
	for _, p := range in.Publications {
		if !p.Latest || inRegion[p.Organization.Code].Parent != "" {
			continue
		}
		key := memoKey{db, p.ID}
		if c, ok := memo.get(key); ok {
			in.Completeness[p.ID] = c
			continue
		}
		b, err := db.DocumentJSON(ctx, p.ID)
		if err != nil {
			return Report{}, err
		}
		doc, ok := yusuan.DecodeDocumentFast(b)
		if !ok {
			doc = &yusuan.Document{}
			if err := json.Unmarshal(b, doc); err != nil {
				return Report{}, fmt.Errorf("公开文件 %d 的文档无法读取：%w", p.ID, err)
			}
		}
		prof, ok := profiles[doc.Profile]
		if !ok {
			prof, _ = profile.Load(doc.Profile) // unknown: no required tables to compare with
			profiles[doc.Profile] = prof
		}
		c := check.CompletenessOf(doc, check.Context{Profile: prof})
		memo.put(key, c)
		in.Completeness[p.ID] = c
	}
	return Compute(in), nil
}

// memo keeps the completeness of publications already judged: a stored
// publication never changes (migration 00010's triggers refuse it), and
// the profiles and the checker are those of this program, so each is
// judged once per process. Decoding its document is most of a request's
// cost (docs/compliance.md). At most memoSize are kept; when full, the
// memo starts again.
var memo = &completenessMemo{m: map[memoKey]check.Completeness{}}

const memoSize = 20000

type memoKey struct {
	db *store.DB
	id int64
}

type completenessMemo struct {
	mu sync.Mutex
	m  map[memoKey]check.Completeness
}

func (c *completenessMemo) get(k memoKey) (check.Completeness, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *completenessMemo) put(k memoKey, v check.Completeness) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= memoSize {
		c.m = map[memoKey]check.Completeness{}
	}
	c.m[k] = v
}
