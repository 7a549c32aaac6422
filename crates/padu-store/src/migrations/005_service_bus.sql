-- Sistem Penghubung Layanan (Kalbar Pasal 12(1)c, 15(5-7); Bogor Pasal 23; Pessel Pasal 38):
-- the registry of members, subsystems and services, access rights, client tokens, and the
-- message log with its signed batches (Kalbar Pasal 20(6)).
CREATE TABLE gsb_members (
    id {id},
    instance TEXT NOT NULL,
    member_class TEXT NOT NULL,
    member_code TEXT NOT NULL,
    name TEXT NOT NULL,
    pd_id BIGINT REFERENCES perangkat_daerah (id),
    created_at TEXT NOT NULL,
    UNIQUE (instance, member_class, member_code)
);
CREATE TABLE gsb_subsystems (
    id {id},
    member_id BIGINT NOT NULL REFERENCES gsb_members (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    rate_per_second INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (member_id, code)
);
CREATE TABLE gsb_services (
    id {id},
    subsystem_id BIGINT NOT NULL REFERENCES gsb_subsystems (id),
    code TEXT NOT NULL,
    version TEXT NOT NULL,
    title TEXT NOT NULL,
    base_url TEXT NOT NULL,
    status TEXT NOT NULL,
    timeout_ms INTEGER NOT NULL,
    max_body_bytes BIGINT NOT NULL,
    log_bodies INTEGER NOT NULL,
    log_body_limit INTEGER NOT NULL,
    openapi TEXT,
    openapi_url TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (subsystem_id, code)
);
CREATE TABLE gsb_access (
    id {id},
    service_id BIGINT NOT NULL REFERENCES gsb_services (id),
    client_subsystem_id BIGINT NOT NULL REFERENCES gsb_subsystems (id),
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    UNIQUE (service_id, client_subsystem_id, method, path)
);
CREATE TABLE gsb_tokens (
    id {id},
    subsystem_id BIGINT NOT NULL REFERENCES gsb_subsystems (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
-- One row per exchange, numbered by the logger in chain order. `record` is the canonical JSON
-- whose SHA-256 is `leaf`; `chain` = sha256(previous chain || leaf).
CREATE TABLE gsb_messages (
    id BIGINT PRIMARY KEY,
    x_road_id TEXT NOT NULL,
    at TEXT NOT NULL,
    client TEXT NOT NULL,
    service TEXT NOT NULL,
    status INTEGER NOT NULL,
    record TEXT NOT NULL,
    leaf TEXT NOT NULL,
    chain TEXT NOT NULL,
    batch_id BIGINT,
    request_body {blob},
    response_body {blob}
);
CREATE INDEX gsb_messages_xroad_id ON gsb_messages (x_road_id);
CREATE INDEX gsb_messages_service ON gsb_messages (service, id);
CREATE INDEX gsb_messages_batch ON gsb_messages (batch_id);
-- Batches close at least every second: the Merkle root of their records' leaves, signed with
-- the instance's Ed25519 key over `statement`.
CREATE TABLE gsb_batches (
    id BIGINT PRIMARY KEY,
    first_record BIGINT NOT NULL,
    last_record BIGINT NOT NULL,
    root TEXT NOT NULL,
    chain_head TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    statement TEXT NOT NULL,
    signature TEXT NOT NULL,
    key_fingerprint TEXT NOT NULL
)
