-- The day the finance bureau approved (批复) an organization's budget or
-- final accounts of a year: the 20 days within which they must be
-- public (预算法 第十四条) are counted from it. One row per organization,
-- year and kind; a new date replaces the old one, and each change is
-- kept in the audit trail (before and after). approved_on is YYYY-MM-DD;
-- set_at is the UTC time the date was entered, set_by who entered it.

-- +goose Up
CREATE TABLE approval (
    organization_id BIGINT NOT NULL REFERENCES organization(id),
    year            INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('budget', 'final')),
    approved_on     TEXT NOT NULL,
    set_at          TEXT NOT NULL,
    set_by          TEXT NOT NULL,
    PRIMARY KEY (organization_id, year, kind)
);
CREATE INDEX approval_year ON approval(year, kind);

-- +goose Down
DROP TABLE approval;
