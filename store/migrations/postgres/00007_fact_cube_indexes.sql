-- The fact lines some cube reads are a tenth of all lines. The index
-- fact_cube over every line cost about 40 % of the time of inserting a
-- line; it is replaced by one partial index per cube (store/cubes.go),
-- each holding only that cube's lines, keyed by whether the line is of
-- a latest version and by publication. Each index's predicate is its
-- cube's Where exactly, so that the query planner sees that a cube query
-- implies it (a test compares them).

-- +goose Up
DROP INDEX fact_cube;
CREATE INDEX fact_cube_expenditure ON fact (latest, organization_id, publication_id)
    WHERE table_kind = 'expenditure' AND scheme = 'functional' AND length(code) = 7 AND col IN ('basic', 'project');
CREATE INDEX fact_cube_income ON fact (latest, organization_id, publication_id)
    WHERE table_kind = 'income' AND scheme = 'functional' AND length(code) = 7 AND col = 'total';
CREATE INDEX fact_cube_three_public ON fact (latest, organization_id, publication_id)
    WHERE table_kind = 'three_public' AND scheme = 'key' AND code IN ('abroad', 'reception', 'vehicle_purchase', 'vehicle_operation') AND col = 'amount';
CREATE INDEX fact_cube_basic_econ ON fact (latest, organization_id, publication_id)
    WHERE table_kind = 'general_public_basic' AND scheme = 'econ' AND length(code) = 5 AND col = 'total';
CREATE INDEX fact_cube_basic_gov_econ ON fact (latest, organization_id, publication_id)
    WHERE table_kind IN ('general_public_basic', 'general_public_economic') AND scheme = 'gov_econ' AND length(code) = 5 AND col = 'total';

-- +goose Down
DROP INDEX fact_cube_basic_gov_econ;
DROP INDEX fact_cube_basic_econ;
DROP INDEX fact_cube_three_public;
DROP INDEX fact_cube_income;
DROP INDEX fact_cube_expenditure;
CREATE INDEX fact_cube ON fact (table_kind, scheme, latest, year);
