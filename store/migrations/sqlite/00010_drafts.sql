-- The workflow of preparing, reviewing and publishing (docs/workflow.md):
-- drafts of an organization's budget or final accounts, each holding its
-- latest upload (the file, the Document JSON and the findings), the
-- transitions it went through (draft_event), the preparer's explanation
-- of each warning (draft_explanation), the reviewers' comments on
-- findings and tables (draft_comment), and, once published, the
-- publication it became. A correction of a published disclosure needs a
-- public reason, stored with the new version (publication.reason).
-- Organizations are named by code, accounts by name: the audit trail
-- keeps the same words.
--
-- A publication never changes once stored: the triggers refuse deleting
-- one and changing anything but moving latest from 1 to 0 when a newer
-- version replaces it.

-- +goose Up
ALTER TABLE publication ADD COLUMN reason TEXT NOT NULL DEFAULT '';

CREATE TABLE draft (
    id             INTEGER PRIMARY KEY,
    org_code       TEXT NOT NULL,
    year           INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('budget', 'final')),
    level          TEXT NOT NULL CHECK (level IN ('department', 'unit')),
    state          TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'dept_approved', 'finance_approved', 'published')),
    profile        TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    file_sha256    TEXT NOT NULL,
    file_size      INTEGER NOT NULL,
    file_bytes     BLOB NOT NULL,
    document_json  BLOB NOT NULL,
    findings_json  BLOB NOT NULL,
    errors         INTEGER NOT NULL,
    warnings       INTEGER NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    publication_id INTEGER REFERENCES publication(id)
);
CREATE INDEX draft_org ON draft(org_code, year, kind);

CREATE TABLE draft_event (
    id         INTEGER PRIMARY KEY,
    draft_id   INTEGER NOT NULL REFERENCES draft(id),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    role       TEXT NOT NULL,
    action     TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    comment    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX draft_event_draft ON draft_event(draft_id);

CREATE TABLE draft_explanation (
    draft_id    INTEGER NOT NULL REFERENCES draft(id),
    finding_key TEXT NOT NULL,
    rule        TEXT NOT NULL,
    place       TEXT NOT NULL,
    text        TEXT NOT NULL,
    author      TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (draft_id, finding_key)
);

CREATE TABLE draft_comment (
    id       INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES draft(id),
    target   TEXT NOT NULL DEFAULT '',
    text     TEXT NOT NULL,
    author   TEXT NOT NULL,
    role     TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX draft_comment_draft ON draft_comment(draft_id);

-- +goose StatementBegin
CREATE TRIGGER publication_no_change BEFORE UPDATE OF id, organization_id, year, kind, level, version, published_at, profile,
    file_name, file_sha256, file_size, file_bytes, document_json, findings_json, errors, warnings, reason ON publication BEGIN
    SELECT RAISE(ABORT, 'a publication is immutable');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER publication_latest_once BEFORE UPDATE OF latest ON publication WHEN NEW.latest <> 0 OR OLD.latest <> 1 BEGIN
    SELECT RAISE(ABORT, 'a publication only stops being the latest version');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER publication_no_delete BEFORE DELETE ON publication BEGIN
    SELECT RAISE(ABORT, 'a publication is never deleted');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER publication_no_delete;
DROP TRIGGER publication_latest_once;
DROP TRIGGER publication_no_change;
DROP TABLE draft_comment;
DROP TABLE draft_explanation;
DROP TABLE draft_event;
DROP TABLE draft;
ALTER TABLE publication DROP COLUMN reason;
