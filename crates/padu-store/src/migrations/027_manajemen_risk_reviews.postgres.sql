-- Word search over a monitoring entry's note (see 019).
ALTER TABLE manajemen_risk_reviews ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(note, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX manajemen_risk_reviews_search ON manajemen_risk_reviews USING GIN (search_vector)
