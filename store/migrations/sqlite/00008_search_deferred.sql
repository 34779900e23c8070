-- The FTS5 table search_fts is no longer kept by triggers, row by row:
-- FTS5 writes a new segment of its index at every statement that touches
-- it inside a transaction, which made the search index the largest cost
-- of publishing after the fact lines. Publish now only inserts into
-- search_entry, and search_fts is brought up to date in batches
-- (store.DB.Maintain, run by publish every few thousand entries and at
-- the end of a bulk publish). search_fts_state.synced says how far:
-- search_fts holds exactly the entries whose id is at most synced; Search
-- reads the index for those and scans the few newer entries, so that
-- what it finds never depends on when the batch ran. Entries of replaced
-- versions are listed in search_stale and removed by the same batch
-- (Search only reads latest versions).

-- +goose Up
CREATE TABLE search_fts_state (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    synced INTEGER NOT NULL
);
INSERT INTO search_fts_state (id, synced) SELECT 1, COALESCE(MAX(id), 0) FROM search_entry;
CREATE TABLE search_stale (
    publication_id INTEGER PRIMARY KEY REFERENCES publication(id)
);
DROP TRIGGER search_entry_ai;
DROP TRIGGER search_entry_ad;

-- +goose Down
INSERT INTO search_fts (rowid, body)
    SELECT id, body FROM search_entry WHERE id > (SELECT synced FROM search_fts_state);
-- +goose StatementBegin
CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN
    INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN
    INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
-- +goose StatementEnd
DELETE FROM search_entry WHERE publication_id IN (SELECT publication_id FROM search_stale);
DROP TABLE search_stale;
DROP TABLE search_fts_state;
