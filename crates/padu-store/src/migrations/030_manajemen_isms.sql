-- Manajemen Keamanan Informasi SPBE (Peraturan BSSN 4/2021, Kalbar Pasal 29, Bogor Pasal 34,
-- Pessel Pasal 54): each PD's records of the six stages (scope, who is responsible, planning
-- and policies, operation, performance evaluation, continual improvement), each with its owner,
-- document, day and next review.
CREATE TABLE manajemen_isms_records (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    stage TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    document_reference TEXT NOT NULL,
    recorded_on TEXT NOT NULL,
    review_due TEXT,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX manajemen_isms_records_order ON manajemen_isms_records (stage, recorded_on, id, classification, pd_id);
CREATE INDEX manajemen_isms_records_pd ON manajemen_isms_records (pd_id, stage, recorded_on);
-- The texts of the BSSN web-application standard's controls (K1-K72), as the region imports
-- them: the standard's structure (functions, codes) is Padu's, the words the region's.
CREATE TABLE manajemen_control_texts (
    code TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    reference TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- An application's checklist against the standard: where it stands on each control, with the
-- evidence, when and by whom it was assessed.
CREATE TABLE manajemen_control_assessments (
    application_id BIGINT NOT NULL REFERENCES catalog_applications (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    status TEXT NOT NULL,
    evidence TEXT NOT NULL,
    assessed_on TEXT NOT NULL,
    assessed_by TEXT NOT NULL,
    PRIMARY KEY (application_id, code)
)
