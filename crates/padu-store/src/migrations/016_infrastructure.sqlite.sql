-- Word search (see 011).
CREATE VIRTUAL TABLE catalog_infrastructure_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')
