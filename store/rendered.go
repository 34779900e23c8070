package store

import (
	"context"
	"database/sql"
	"errors"
)

// Rendered is a rendered file kept in the cache.
type Rendered struct {
	ContentType string
	FileName    string
	Data        []byte
}

// CachedRendering returns the file rendered from the document with this
// SHA-256 in this format, if it is cached.
func (s *DB) CachedRendering(ctx context.Context, docSHA, format string) (Rendered, bool, error) {
	var r Rendered
	err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT content_type, file_name, data FROM rendered WHERE document_sha256 = ? AND format = ?`), docSHA, format).
		Scan(&r.ContentType, &r.FileName, &r.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, s.classify(err)
	}
	return r, true, nil
}

// CacheRendering stores a rendered file; a file already cached by another
// server for the same key is kept (both are the same rendering).
func (s *DB) CacheRendering(ctx context.Context, docSHA, format string, r Rendered) error {
	_, err := s.db.ExecContext(ctx, s.Rebind(`INSERT INTO rendered (document_sha256, format, content_type, file_name, data) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (document_sha256, format) DO NOTHING`), docSHA, format, r.ContentType, r.FileName, r.Data)
	return s.classify(err)
}
