-- The catalogue's workflows (Kalbar Pasal 16; Pessel Pasal 6(3), 9(2), 10(4)c; Bogor Pasal
-- 47): a request, its analyses or criteria, its status, and every step taken on it.
CREATE TABLE catalog_requests (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    needs_analysis TEXT NOT NULL,
    benefit_analysis TEXT NOT NULL,
    estimated_cost BIGINT,
    ict_staff BIGINT NOT NULL,
    own_application_experience BIGINT NOT NULL,
    status TEXT NOT NULL,
    round BIGINT NOT NULL,
    classification TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX catalog_requests_order ON catalog_requests (updated_at, id, classification, pd_id);
CREATE INDEX catalog_requests_pd ON catalog_requests (pd_id, updated_at, id);
CREATE TABLE catalog_request_events (
    id {id},
    request_id BIGINT NOT NULL REFERENCES catalog_requests (id),
    step TEXT NOT NULL,
    status TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX catalog_request_events_request ON catalog_request_events (request_id, id)
