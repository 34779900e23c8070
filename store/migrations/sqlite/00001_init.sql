-- The first schema: regions, organizations, publications (every version
-- kept, with the original file, the Document JSON and the findings) and
-- the fact lines the cubes aggregate.

-- +goose Up
CREATE TABLE region (
    code  TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT ''
);

CREATE TABLE organization (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    region_code TEXT REFERENCES region(code),
    parent_code TEXT
);
CREATE INDEX organization_region ON organization(region_code);

CREATE TABLE publication (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    year            INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('budget', 'final')),
    level           TEXT NOT NULL CHECK (level IN ('department', 'unit')),
    version         INTEGER NOT NULL CHECK (version >= 1),
    latest          INTEGER NOT NULL CHECK (latest IN (0, 1)),
    published_at    TEXT NOT NULL,
    profile         TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    file_sha256     TEXT NOT NULL,
    file_size       INTEGER NOT NULL,
    file_bytes      BLOB NOT NULL,
    document_json   BLOB NOT NULL,
    findings_json   BLOB NOT NULL,
    errors          INTEGER NOT NULL,
    warnings        INTEGER NOT NULL,
    UNIQUE (organization_id, year, kind, version)
);
CREATE UNIQUE INDEX publication_one_latest ON publication(organization_id, year, kind) WHERE latest = 1;

CREATE TABLE fact (
    publication_id  INTEGER NOT NULL REFERENCES publication(id),
    organization_id INTEGER NOT NULL,
    year            INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    level           TEXT NOT NULL,
    latest          INTEGER NOT NULL,
    table_kind      TEXT NOT NULL,
    scheme          TEXT NOT NULL,
    code            TEXT NOT NULL,
    col             TEXT NOT NULL,
    amount          INTEGER NOT NULL
);
CREATE INDEX fact_publication ON fact(publication_id);
CREATE INDEX fact_cube ON fact(table_kind, scheme, latest, year);

-- +goose Down
DROP TABLE fact;
DROP TABLE publication;
DROP TABLE organization;
DROP TABLE region;
