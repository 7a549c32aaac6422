-- Word search over a context's goals and indicators (see 019).
ALTER TABLE manajemen_risk_contexts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(goals || ' ' || indicators, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX manajemen_risk_contexts_search ON manajemen_risk_contexts USING GIN (search_vector)
