-- Word search (see 011).
CREATE VIRTUAL TABLE catalog_websites_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE governance_agendas_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')
