-- The workflow of preparing, reviewing and publishing (PostgreSQL; the
-- same tables as the SQLite migration, which explains them): drafts,
-- their transitions, explanations of warnings, reviewers' comments, the
-- public reason of a correction, and the triggers that keep a stored
-- publication unchanged.

-- +goose Up
ALTER TABLE publication ADD COLUMN reason TEXT NOT NULL DEFAULT '';

CREATE TABLE draft (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_code       TEXT NOT NULL,
    year           INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('budget', 'final')),
    level          TEXT NOT NULL CHECK (level IN ('department', 'unit')),
    state          TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'dept_approved', 'finance_approved', 'published')),
    profile        TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    file_sha256    TEXT NOT NULL,
    file_size      BIGINT NOT NULL,
    file_bytes     BYTEA NOT NULL,
    document_json  BYTEA NOT NULL,
    findings_json  BYTEA NOT NULL,
    errors         INTEGER NOT NULL,
    warnings       INTEGER NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    publication_id BIGINT REFERENCES publication(id)
);
CREATE INDEX draft_org ON draft(org_code, year, kind);

CREATE TABLE draft_event (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    draft_id   BIGINT NOT NULL REFERENCES draft(id),
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
    draft_id    BIGINT NOT NULL REFERENCES draft(id),
    finding_key TEXT NOT NULL,
    rule        TEXT NOT NULL,
    place       TEXT NOT NULL,
    text        TEXT NOT NULL,
    author      TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (draft_id, finding_key)
);

CREATE TABLE draft_comment (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    draft_id BIGINT NOT NULL REFERENCES draft(id),
    target   TEXT NOT NULL DEFAULT '',
    text     TEXT NOT NULL,
    author   TEXT NOT NULL,
    role     TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX draft_comment_draft ON draft_comment(draft_id);

-- +goose StatementBegin
CREATE FUNCTION publication_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'a publication is never deleted';
    END IF;
    IF TG_ARGV[0] = 'latest' THEN
        IF NEW.latest <> 0 OR OLD.latest <> 1 THEN
            RAISE EXCEPTION 'a publication only stops being the latest version';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a publication is immutable';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER publication_no_change BEFORE UPDATE OF id, organization_id, year, kind, level, version, published_at, profile,
    file_name, file_sha256, file_size, file_bytes, document_json, findings_json, errors, warnings, reason
    ON publication FOR EACH ROW EXECUTE FUNCTION publication_immutable('other');
CREATE TRIGGER publication_latest_once BEFORE UPDATE OF latest ON publication FOR EACH ROW EXECUTE FUNCTION publication_immutable('latest');
CREATE TRIGGER publication_no_delete BEFORE DELETE ON publication FOR EACH ROW EXECUTE FUNCTION publication_immutable('delete');
CREATE TRIGGER publication_no_truncate BEFORE TRUNCATE ON publication FOR EACH STATEMENT EXECUTE FUNCTION publication_immutable('delete');

-- +goose Down
DROP TRIGGER publication_no_truncate ON publication;
DROP TRIGGER publication_no_delete ON publication;
DROP TRIGGER publication_latest_once ON publication;
DROP TRIGGER publication_no_change ON publication;
DROP FUNCTION publication_immutable();
DROP TABLE draft_comment;
DROP TABLE draft_explanation;
DROP TABLE draft_event;
DROP TABLE draft;
ALTER TABLE publication DROP COLUMN reason;
