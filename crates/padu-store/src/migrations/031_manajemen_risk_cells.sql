-- The heat maps' counts, kept per cell: how many risks of a PD, a classification and a period
-- year sit at each likelihood and impact, inherent (residual = 0) and residual (1). Written in
-- the same transaction as the risks of that group (padu_store::manajemen::risks), so a map over
-- every risk sums a few thousand rows instead of reading each risk.
CREATE TABLE manajemen_risk_cells (
    pd_id BIGINT NOT NULL,
    classification TEXT NOT NULL,
    period_year BIGINT NOT NULL,
    residual BIGINT NOT NULL,
    likelihood BIGINT NOT NULL,
    impact BIGINT NOT NULL,
    risks BIGINT NOT NULL,
    PRIMARY KEY (pd_id, classification, period_year, residual, likelihood, impact)
);
CREATE INDEX manajemen_risk_cells_map ON manajemen_risk_cells (residual, likelihood, impact, classification, pd_id, period_year, risks);
INSERT INTO manajemen_risk_cells (pd_id, classification, period_year, residual, likelihood, impact, risks)
    SELECT pd_id, classification, period_year, 0, likelihood, impact, COUNT(*) FROM manajemen_risks
    GROUP BY pd_id, classification, period_year, likelihood, impact;
INSERT INTO manajemen_risk_cells (pd_id, classification, period_year, residual, likelihood, impact, risks)
    SELECT pd_id, classification, period_year, 1, residual_likelihood, residual_impact, COUNT(*) FROM manajemen_risks
    WHERE residual_likelihood IS NOT NULL AND residual_impact IS NOT NULL
    GROUP BY pd_id, classification, period_year, residual_likelihood, residual_impact
;
-- A PD's risks in the list's order (newest year first, then by event): its operator's page
-- is read from the index in order instead of sorting the PD's risks.
CREATE INDEX manajemen_risks_pd_order ON manajemen_risks (pd_id, period_year DESC, event, id, classification)
