-- PostgreSQL's text search parser keeps compound tokens whole where SQLite's FTS5 splits
-- them: `crash-1796174803-w0-1` gives a hyphenated word and the signed number `-1796174803`,
-- `portal.example.go.id` one host, `a@b.go.id` one e-mail, `v2.1.0` one version. Queries are
-- plain words (search::words), so such rows were found on SQLite and not here. Every ASCII
-- punctuation mark becomes a space before parsing ([[:punct:]] is the same 32 characters in
-- every locale), so both engines index the same words. A generated column's expression cannot
-- be changed in place before PostgreSQL 17: each is dropped (with its index) and added again.
ALTER TABLE complaints DROP COLUMN search_vector;
ALTER TABLE complaints ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(title || ' ' || body, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX complaints_search ON complaints USING GIN (search_vector);
ALTER TABLE tickets DROP COLUMN search_vector;
ALTER TABLE tickets ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(title || ' ' || body, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX tickets_search ON tickets USING GIN (search_vector);
ALTER TABLE catalog_applications DROP COLUMN search_vector;
ALTER TABLE catalog_applications ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(name || ' ' || description, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX catalog_applications_search ON catalog_applications USING GIN (search_vector);
ALTER TABLE catalog_datasets DROP COLUMN search_vector;
ALTER TABLE catalog_datasets ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(name || ' ' || description, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX catalog_datasets_search ON catalog_datasets USING GIN (search_vector);
ALTER TABLE network_sites DROP COLUMN search_vector;
ALTER TABLE network_sites ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(name || ' ' || address, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX network_sites_search ON network_sites USING GIN (search_vector);
ALTER TABLE catalog_websites DROP COLUMN search_vector;
ALTER TABLE catalog_websites ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(host || ' ' || purpose, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX catalog_websites_search ON catalog_websites USING GIN (search_vector);
ALTER TABLE governance_agendas DROP COLUMN search_vector;
ALTER TABLE governance_agendas ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(title || ' ' || minutes || ' ' || decisions, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX governance_agendas_search ON governance_agendas USING GIN (search_vector);
ALTER TABLE catalog_services DROP COLUMN search_vector;
ALTER TABLE catalog_services ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(name || ' ' || description, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX catalog_services_search ON catalog_services USING GIN (search_vector);
ALTER TABLE catalog_processes DROP COLUMN search_vector;
ALTER TABLE catalog_processes ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(code || ' ' || name || ' ' || description, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX catalog_processes_search ON catalog_processes USING GIN (search_vector);
ALTER TABLE catalog_infrastructure DROP COLUMN search_vector;
ALTER TABLE catalog_infrastructure ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(name || ' ' || provider || ' ' || specification, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX catalog_infrastructure_search ON catalog_infrastructure USING GIN (search_vector);
ALTER TABLE governance_policies DROP COLUMN search_vector;
ALTER TABLE governance_policies ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(title || ' ' || subject || ' ' || reference, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX governance_policies_search ON governance_policies USING GIN (search_vector);
ANALYZE complaints;
ANALYZE tickets;
ANALYZE catalog_applications;
ANALYZE catalog_datasets;
ANALYZE network_sites;
ANALYZE catalog_websites;
ANALYZE governance_agendas;
ANALYZE catalog_services;
ANALYZE catalog_processes;
ANALYZE catalog_infrastructure;
ANALYZE governance_policies
