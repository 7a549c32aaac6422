-- Word search over a risk's event, cause and effect (see 019).
ALTER TABLE manajemen_risks ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(event || ' ' || cause || ' ' || effect, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX manajemen_risks_search ON manajemen_risks USING GIN (search_vector)
