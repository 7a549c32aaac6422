-- Word search over an incident's title and description, and a certificate's holder, issuer
-- and hosts (see 011).
CREATE VIRTUAL TABLE manajemen_security_incidents_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE manajemen_certificates_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')
