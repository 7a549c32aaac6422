-- The Layanan SPBE catalogue (Pessel Pasal 35–37) and the business processes at levels 1–4
-- (Pessel Pasal 39). Links to applications and services are comma-separated ids, checked by
-- the store on every write; a process names its parent by code within its PD.
CREATE TABLE catalog_services (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    sector TEXT NOT NULL,
    application_ids TEXT NOT NULL,
    bus_service TEXT,
    url TEXT,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX catalog_services_name_id ON catalog_services (name, id, classification, pd_id);
CREATE INDEX catalog_services_pd ON catalog_services (pd_id, name, id);
CREATE TABLE catalog_processes (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    level BIGINT NOT NULL,
    parent_code TEXT,
    sector TEXT NOT NULL,
    description TEXT NOT NULL,
    service_ids TEXT NOT NULL,
    application_ids TEXT NOT NULL,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX catalog_processes_code ON catalog_processes (pd_id, code);
CREATE INDEX catalog_processes_name_id ON catalog_processes (code, id, classification, pd_id)
