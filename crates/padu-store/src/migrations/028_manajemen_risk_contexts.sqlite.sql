-- Word search over a context's goals and indicators (see 011).
CREATE VIRTUAL TABLE manajemen_risk_contexts_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')
