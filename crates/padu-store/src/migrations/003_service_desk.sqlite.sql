-- Word search over complaints and tickets (external-content FTS5: the text stays in the
-- table, and title and body never change after filing, so each row is indexed once).
CREATE VIRTUAL TABLE complaints_fts USING fts5(title, body, content='complaints', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
INSERT INTO complaints_fts (complaints_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE tickets_fts USING fts5(title, body, content='tickets', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
