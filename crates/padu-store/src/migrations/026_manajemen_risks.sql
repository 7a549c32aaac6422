-- Manajemen Risiko SPBE (PermenPANRB 5/2020; Kalbar Pasal 28, Bogor Pasal 33, Pessel Pasal 61):
-- the risk register (Formulir 3.0 and the treatment plan of 4.0), one row a risk of a PD (the
-- unit pemilik risiko) for a period year. Only likelihood and impact are stored, inherent and
-- residual: the value and level come from the region's matrix and bands when read, so a
-- redrawn band shows on every risk without rewriting an assessment. Dates are `YYYY-MM-DD`.
CREATE TABLE manajemen_risks (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    period_year BIGINT NOT NULL,
    event TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    impact_area TEXT NOT NULL,
    cause TEXT NOT NULL,
    effect TEXT NOT NULL,
    existing_controls TEXT NOT NULL,
    likelihood BIGINT NOT NULL,
    impact BIGINT NOT NULL,
    decision TEXT NOT NULL,
    priority BIGINT,
    treatment TEXT,
    action_plan TEXT NOT NULL,
    action_owner TEXT NOT NULL,
    action_due TEXT,
    residual_likelihood BIGINT,
    residual_impact BIGINT,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- The list's order (newest year first, then by event) with the read-scope columns: a page is
-- chosen from the index alone, on both engines.
CREATE INDEX manajemen_risks_order ON manajemen_risks (period_year DESC, event, id, classification, pd_id);
CREATE INDEX manajemen_risks_pd ON manajemen_risks (pd_id, period_year, id);
-- The heat maps: cells counted from indexes that hold them with the read-scope columns, never
-- from the rows: every year's map in the cells' order (no sort), a year's map from its range.
CREATE INDEX manajemen_risks_cells ON manajemen_risks (likelihood, impact, classification, pd_id, period_year);
CREATE INDEX manajemen_risks_residual_cells ON manajemen_risks (residual_likelihood, residual_impact, classification, pd_id, period_year);
CREATE INDEX manajemen_risks_year_cells ON manajemen_risks (period_year, classification, pd_id, likelihood, impact, residual_likelihood, residual_impact)
