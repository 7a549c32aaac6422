-- Word search over an ISMS record's title and description (see 011).
CREATE VIRTUAL TABLE manajemen_isms_records_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')
