-- The risk context of each unit pemilik risiko for a period (Formulir 2.0 Konteks Risiko SPBE),
-- one a PD a year: goals and indicators, the risk structure, stakeholders, regulations, the risk
-- appetite (the highest level accepted without treatment) and the impact criteria.
CREATE TABLE manajemen_risk_contexts (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    period_year BIGINT NOT NULL,
    goals TEXT NOT NULL,
    indicators TEXT NOT NULL,
    risk_owner TEXT NOT NULL,
    risk_coordinator TEXT NOT NULL,
    risk_administrator TEXT NOT NULL,
    stakeholders TEXT NOT NULL,
    regulations TEXT NOT NULL,
    appetite TEXT NOT NULL,
    impact_criteria TEXT NOT NULL,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX manajemen_risk_contexts_period ON manajemen_risk_contexts (pd_id, period_year);
CREATE INDEX manajemen_risk_contexts_order ON manajemen_risk_contexts (period_year, id, classification, pd_id)
