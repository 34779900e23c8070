-- The cube operating_cost (机关运行经费, store/cubes.go) reads one fact line
-- per publication: table_kind three_public, key operating_cost, column
-- amount (yusuan.OperatingCostFact). Its partial index is made here, as
-- migration 00007 made the others. The lines of the publications stored
-- before come from their Document JSON, which SQL cannot read: Open adds
-- them and their summary rows after this migration (store.DB.afterMigrate).

-- +goose Up
CREATE INDEX fact_cube_operating_cost ON fact (latest, organization_id, publication_id)
    WHERE table_kind = 'three_public' AND scheme = 'key' AND code = 'operating_cost' AND col = 'amount';

-- +goose Down
DELETE FROM fact_rollup WHERE table_kind = 'three_public' AND scheme = 'key' AND code = 'operating_cost' AND col = 'amount';
DELETE FROM fact WHERE table_kind = 'three_public' AND scheme = 'key' AND code = 'operating_cost' AND col = 'amount';
DROP INDEX fact_cube_operating_cost;
