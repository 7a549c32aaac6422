-- Word search over complaints and tickets: GIN indexes over the 'simple' text search
-- configuration (no stemming: the text is Bahasa Indonesia).
CREATE INDEX complaints_search ON complaints USING GIN (to_tsvector('simple', title || ' ' || body));
CREATE INDEX tickets_search ON tickets USING GIN (to_tsvector('simple', title || ' ' || body))
