-- An import run's items, apart from the rest of its report: gzip-compressed
-- JSON lines, one an item (src/transfer/item_log.rs). `report` then holds
-- the report without them. Held as one JSON text, the report of a
-- 300,000-item import was 56 MiB, copied several times on its way into
-- this row; packed it is ~6 MiB. Rows written before this migration keep
-- their whole report in `report` and no items here.
ALTER TABLE import_runs ADD COLUMN items BLOB;
