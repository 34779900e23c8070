-- On SQLite this migration stops keeping the FTS5 index row by row (see
-- migrations/sqlite/00008_search_deferred.sql). PostgreSQL's GIN index
-- defers its own work (fastupdate): nothing changes here, and the
-- version numbers of both dialects stay the same.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
