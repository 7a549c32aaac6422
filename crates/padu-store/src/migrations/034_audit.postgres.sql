-- Word search over an audit object's name and description (see 019).
ALTER TABLE audit_objects ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(name || ' ' || description, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX audit_objects_search ON audit_objects USING GIN (search_vector)
