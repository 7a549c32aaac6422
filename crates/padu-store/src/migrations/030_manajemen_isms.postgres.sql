-- Word search over an ISMS record's title and description (see 019).
ALTER TABLE manajemen_isms_records ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(title || ' ' || description, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX manajemen_isms_records_search ON manajemen_isms_records USING GIN (search_vector)
