-- The first schema (PostgreSQL; same tables as the SQLite schema): regions, organizations, publications (every version
-- kept, with the original file, the Document JSON and the findings) and
-- the fact lines the cubes aggregate.

-- +goose Up
CREATE TABLE region (
    code  TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT ''
);

CREATE TABLE organization (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    region_code TEXT REFERENCES region(code),
    parent_code TEXT
);
CREATE INDEX organization_region ON organization(region_code);

CREATE TABLE publication (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id BIGINT NOT NULL REFERENCES organization(id),
    year            INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('budget', 'final')),
    level           TEXT NOT NULL CHECK (level IN ('department', 'unit')),
    version         INTEGER NOT NULL CHECK (version >= 1),
    latest          INTEGER NOT NULL CHECK (latest IN (0, 1)),
    published_at    TEXT NOT NULL,
    profile         TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    file_sha256     TEXT NOT NULL,
    file_size       BIGINT NOT NULL,
    file_bytes      BYTEA NOT NULL,
    document_json   BYTEA NOT NULL,
    findings_json   BYTEA NOT NULL,
    errors          INTEGER NOT NULL,
    warnings        INTEGER NOT NULL,
    UNIQUE (organization_id, year, kind, version)
);
CREATE UNIQUE INDEX publication_one_latest ON publication(organization_id, year, kind) WHERE latest = 1;

CREATE TABLE fact (
    publication_id  BIGINT NOT NULL REFERENCES publication(id),
    organization_id BIGINT NOT NULL,
    year            INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    level           TEXT NOT NULL,
    latest          INTEGER NOT NULL,
    table_kind      TEXT NOT NULL,
    scheme          TEXT NOT NULL,
    code            TEXT NOT NULL,
    col             TEXT NOT NULL,
    amount          BIGINT NOT NULL
);
CREATE INDEX fact_publication ON fact(publication_id);
CREATE INDEX fact_cube ON fact(table_kind, scheme, latest, year);

-- +goose Down
DROP TABLE fact;
DROP TABLE publication;
DROP TABLE organization;
DROP TABLE region;
