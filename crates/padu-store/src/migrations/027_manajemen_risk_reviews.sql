-- The quarterly monitoring of each risk (Formulir 5.0; Pessel Lampiran III Bab V H 2): one entry
-- a risk a quarter, with the state of its action plan and the likelihood and impact at the
-- quarter's end. Entries are kept: they are the risk's history.
CREATE TABLE manajemen_risk_reviews (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    risk_id BIGINT NOT NULL REFERENCES manajemen_risks (id),
    period_year BIGINT NOT NULL,
    quarter BIGINT NOT NULL,
    action_status TEXT NOT NULL,
    likelihood BIGINT NOT NULL,
    impact BIGINT NOT NULL,
    note TEXT NOT NULL,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX manajemen_risk_reviews_slot ON manajemen_risk_reviews (risk_id, period_year, quarter);
CREATE INDEX manajemen_risk_reviews_order ON manajemen_risk_reviews (period_year, quarter, id, classification, pd_id);
CREATE INDEX manajemen_risk_reviews_pd ON manajemen_risk_reviews (pd_id, period_year, id);
