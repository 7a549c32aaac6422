-- What each impact area's levels mean for a unit pemilik risiko in a period (Formulir 2.0's
-- kriteria dampak): a criterion per area (the 7 national areas) and level 1-5, written by the
-- region in its context, e.g. Finansial level 1 "Rp1-5 juta", level 5 "lebih dari Rp50 juta".
CREATE TABLE manajemen_risk_criteria (
    context_id BIGINT NOT NULL REFERENCES manajemen_risk_contexts (id) ON DELETE CASCADE,
    impact_area TEXT NOT NULL,
    level BIGINT NOT NULL,
    criterion TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (context_id, impact_area, level)
)
