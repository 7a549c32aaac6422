-- SPBE planning documents (PRODUCT.md module 2): Rencana Induk, Arsitektur, Peta Rencana, and
-- each PD's yearly Rencana dan Anggaran. A document keeps every version (its sections as a
-- JSON object, and their SHA-256); a version is approved once, by the approving role, with
-- a statement signed by the instance's Ed25519 key (`signing_keys`). Reviews (scheduled or on
-- a trigger) are recorded with their basis and outcome.
CREATE TABLE planning_documents (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    start_year BIGINT NOT NULL,
    end_year BIGINT NOT NULL,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX planning_documents_order ON planning_documents (start_year, id, classification, pd_id);
CREATE TABLE planning_versions (
    id {id},
    document_id BIGINT NOT NULL REFERENCES planning_documents (id),
    number BIGINT NOT NULL,
    sections TEXT NOT NULL,
    sections_sha256 TEXT NOT NULL,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    approved_by TEXT,
    approved_role TEXT,
    approved_at TEXT,
    statement TEXT,
    signature TEXT,
    key_id BIGINT REFERENCES signing_keys (id)
);
CREATE UNIQUE INDEX planning_versions_number ON planning_versions (document_id, number);
CREATE TABLE planning_reviews (
    id {id},
    document_id BIGINT NOT NULL REFERENCES planning_documents (id),
    reviewed_on TEXT NOT NULL,
    basis TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX planning_reviews_document ON planning_reviews (document_id, reviewed_on)
