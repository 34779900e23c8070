-- The search index: one row per searchable text of the latest version of
-- each publication (the organization's name, project names, the 科目
-- names its tables print, the narrative's paragraphs). Publish fills it
-- in the same transaction as the publication and removes the replaced
-- version's rows. search_fts is an FTS5 table with the trigram tokenizer
-- (Chinese has no spaces between words; trigrams match any substring of
-- three characters or more) that mirrors search_entry.body through the
-- triggers below. Publications stored before this migration are indexed
-- by the program right after it (store.DB.Reindex), since their texts
-- are inside the Document JSON.

-- +goose Up
CREATE TABLE search_entry (
    id             INTEGER PRIMARY KEY,
    publication_id INTEGER NOT NULL REFERENCES publication(id) ON DELETE CASCADE,
    org_code       TEXT NOT NULL,
    year           INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    code           TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL
);
CREATE INDEX search_entry_publication ON search_entry (publication_id);
CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_entry', content_rowid='id', tokenize='trigram');

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

-- +goose Down
DROP TRIGGER search_entry_ad;
DROP TRIGGER search_entry_ai;
DROP TABLE search_fts;
DROP TABLE search_entry;
