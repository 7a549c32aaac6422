-- Word search (see 011).
ALTER TABLE governance_policies ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || subject || ' ' || reference)) STORED;
CREATE INDEX governance_policies_search ON governance_policies USING GIN (search_vector)
