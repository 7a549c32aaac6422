-- Word search (see 011).
CREATE VIRTUAL TABLE catalog_services_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE catalog_processes_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')
