-- The cubes' summary table: the latest versions' fact lines summed over
-- organizations, by year, kind, level, region and the fact's table,
-- scheme, code and column. Publish keeps it in step in the same
-- transaction; a cube query that neither drills nor cuts by organization
-- and counts only latest versions reads it instead of the fact lines
-- (thousands of rows instead of millions). fact gets the organization's
-- region, so that a replaced version is subtracted where it was added.

-- +goose Up
ALTER TABLE fact ADD COLUMN region_code TEXT NOT NULL DEFAULT '';
UPDATE fact SET region_code = COALESCE((SELECT o.region_code FROM organization o WHERE o.id = fact.organization_id), '');

CREATE TABLE fact_rollup (
    year        INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    level       TEXT NOT NULL,
    region_code TEXT NOT NULL,
    table_kind  TEXT NOT NULL,
    scheme      TEXT NOT NULL,
    code        TEXT NOT NULL,
    col         TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    lines       BIGINT NOT NULL,
    PRIMARY KEY (year, kind, level, region_code, table_kind, scheme, code, col)
);
INSERT INTO fact_rollup (year, kind, level, region_code, table_kind, scheme, code, col, amount, lines)
SELECT year, kind, level, region_code, table_kind, scheme, code, col, SUM(amount), COUNT(*)
FROM fact WHERE latest = 1
GROUP BY year, kind, level, region_code, table_kind, scheme, code, col;

-- +goose Down
DROP TABLE fact_rollup;
ALTER TABLE fact DROP COLUMN region_code;
