-- Word search over a monitoring entry's note (see 011).
CREATE VIRTUAL TABLE manajemen_risk_reviews_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')
