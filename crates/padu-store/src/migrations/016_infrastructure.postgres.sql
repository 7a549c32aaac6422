-- Word search (see 011).
ALTER TABLE catalog_infrastructure ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || provider || ' ' || specification)) STORED;
CREATE INDEX catalog_infrastructure_search ON catalog_infrastructure USING GIN (search_vector)
