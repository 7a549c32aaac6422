-- Word search over the catalogue's registers: a stored tsvector per row, generated from the
-- same text the SQLite index holds, under a GIN index (as complaints and tickets).
ALTER TABLE catalog_applications ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || description)) STORED;
CREATE INDEX catalog_applications_search ON catalog_applications USING GIN (search_vector);
ALTER TABLE catalog_datasets ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || description)) STORED;
CREATE INDEX catalog_datasets_search ON catalog_datasets USING GIN (search_vector);
ALTER TABLE network_sites ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || address)) STORED;
CREATE INDEX network_sites_search ON network_sites USING GIN (search_vector);
ANALYZE catalog_applications;
ANALYZE catalog_datasets;
ANALYZE network_sites
