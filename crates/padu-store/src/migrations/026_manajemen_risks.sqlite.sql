-- Word search over a risk's event, cause and effect (see 011).
CREATE VIRTUAL TABLE manajemen_risks_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')
