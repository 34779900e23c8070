-- The summary table keeps only the fact lines some cube reads (store/cubes.go):
-- rebuilt here with that filter, which publish applies from now on.

-- +goose Up
DELETE FROM fact_rollup;
INSERT INTO fact_rollup (year, kind, level, region_code, table_kind, scheme, code, col, amount, lines)
SELECT year, kind, level, region_code, table_kind, scheme, code, col, SUM(amount), COUNT(*)
FROM fact f
WHERE latest = 1 AND (
    (f.table_kind = 'expenditure' AND f.scheme = 'functional' AND length(f.code) = 7 AND f.col IN ('basic', 'project'))
 OR (f.table_kind = 'income' AND f.scheme = 'functional' AND length(f.code) = 7 AND f.col = 'total')
 OR (f.table_kind = 'three_public' AND f.scheme = 'key' AND f.code IN ('abroad', 'reception', 'vehicle_purchase', 'vehicle_operation') AND f.col = 'amount')
 OR (f.table_kind = 'general_public_basic' AND f.scheme = 'econ' AND length(f.code) = 5 AND f.col = 'total')
 OR (f.table_kind IN ('general_public_basic', 'general_public_economic') AND f.scheme = 'gov_econ' AND length(f.code) = 5 AND f.col = 'total'))
GROUP BY year, kind, level, region_code, table_kind, scheme, code, col;

-- +goose Down
SELECT 1;
