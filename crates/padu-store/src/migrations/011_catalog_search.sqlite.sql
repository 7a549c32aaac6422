-- Word search over the catalogue's registers, which are edited (unlike complaints): a plain
-- FTS5 table per register keyed by the record's id, re-indexed by the store on every insert,
-- update and delete (`search::reindex`), so no trigger is needed.
CREATE VIRTUAL TABLE catalog_applications_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2');
INSERT INTO catalog_applications_fts (rowid, text) SELECT id, name || ' ' || description FROM catalog_applications;
CREATE VIRTUAL TABLE catalog_datasets_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2');
INSERT INTO catalog_datasets_fts (rowid, text) SELECT id, name || ' ' || description FROM catalog_datasets;
CREATE VIRTUAL TABLE network_sites_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2');
INSERT INTO network_sites_fts (rowid, text) SELECT id, name || ' ' || address FROM network_sites
