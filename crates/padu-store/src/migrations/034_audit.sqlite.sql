-- Word search over an audit object's name and description (see 011).
CREATE VIRTUAL TABLE audit_objects_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')
