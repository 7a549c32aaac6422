-- Word search (see 011).
CREATE VIRTUAL TABLE governance_policies_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')
