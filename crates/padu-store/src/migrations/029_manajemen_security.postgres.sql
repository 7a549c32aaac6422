-- Word search over an incident's title and description, and a certificate's holder, issuer
-- and hosts (see 019).
ALTER TABLE manajemen_security_incidents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(title || ' ' || description, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX manajemen_security_incidents_search ON manajemen_security_incidents USING GIN (search_vector);
ALTER TABLE manajemen_certificates ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(holder || ' ' || issuer || ' ' || hosts, '[[:punct:]]+', ' ', 'g'))) STORED;
CREATE INDEX manajemen_certificates_search ON manajemen_certificates USING GIN (search_vector)
