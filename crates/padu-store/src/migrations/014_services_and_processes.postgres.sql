-- Word search (see 011).
ALTER TABLE catalog_services ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || description)) STORED;
CREATE INDEX catalog_services_search ON catalog_services USING GIN (search_vector);
ALTER TABLE catalog_processes ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', code || ' ' || name || ' ' || description)) STORED;
CREATE INDEX catalog_processes_search ON catalog_processes USING GIN (search_vector)
