-- The search index: one row per searchable text of the latest version of
-- each publication (the organization's name, project names, the 科目
-- names its tables print, the narrative's paragraphs). Publish fills it
-- in the same transaction as the publication and removes the replaced
-- version's rows. pg_trgm's GIN index serves ILIKE '%…%' on the text
-- (Chinese has no spaces between words, so the search is by substring).
-- Publications stored before this migration are indexed by the program
-- right after it (store.DB.Reindex), since their texts are inside the
-- Document JSON.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE search_entry (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    publication_id BIGINT NOT NULL REFERENCES publication(id) ON DELETE CASCADE,
    org_code       TEXT NOT NULL,
    year           INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    code           TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL
);
CREATE INDEX search_entry_publication ON search_entry (publication_id);
CREATE INDEX search_entry_body_trgm ON search_entry USING gin (body gin_trgm_ops);

-- +goose Down
DROP TABLE search_entry;
