-- Word search (see 011).
ALTER TABLE catalog_websites ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', replace(host, '.', ' ') || ' ' || purpose)) STORED;
CREATE INDEX catalog_websites_search ON catalog_websites USING GIN (search_vector);
ALTER TABLE governance_agendas ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || minutes || ' ' || decisions)) STORED;
CREATE INDEX governance_agendas_search ON governance_agendas USING GIN (search_vector)
