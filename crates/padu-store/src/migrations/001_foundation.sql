-- Foundation: the Pemda, its Perangkat Daerah and Unit Kerja, users with PD-scoped roles,
-- sessions, API tokens, network sites, the hash-chained audit log and its signed checkpoints.
-- {id}, {real} are replaced per dialect by migrate.rs.
CREATE TABLE pemda (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    profile TEXT NOT NULL,
    domain TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE perangkat_daerah (
    id {id},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    short_name TEXT,
    kind TEXT NOT NULL,
    is_dinas_kominfo BIGINT NOT NULL DEFAULT 0,
    address TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX perangkat_daerah_name ON perangkat_daerah (name);

CREATE TABLE unit_kerja (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (pd_id, name)
);

CREATE TABLE users (
    id {id},
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    email TEXT,
    password_hash TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'id',
    active BIGINT NOT NULL DEFAULT 1,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until TEXT,
    last_login_at TEXT,
    password_changed_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE memberships (
    id {id},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    pd_id BIGINT REFERENCES perangkat_daerah (id),
    created_at TEXT NOT NULL
);
CREATE INDEX memberships_user ON memberships (user_id);
CREATE INDEX memberships_pd ON memberships (pd_id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ip TEXT
);

CREATE TABLE api_tokens (
    id {id},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    role TEXT NOT NULL,
    pd_id BIGINT REFERENCES perangkat_daerah (id),
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT,
    last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE network_sites (
    id {id},
    pd_id BIGINT REFERENCES perangkat_daerah (id),
    unit_kerja_id BIGINT REFERENCES unit_kerja (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    service TEXT NOT NULL,
    address TEXT NOT NULL,
    bandwidth_mbps BIGINT NOT NULL,
    latitude {real} NOT NULL,
    longitude {real} NOT NULL,
    classification TEXT NOT NULL,
    source TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX network_sites_pd ON network_sites (pd_id);
CREATE INDEX network_sites_class ON network_sites (classification);
CREATE INDEX network_sites_name ON network_sites (name);

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id BIGINT,
    actor_label TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    pd_id BIGINT,
    detail TEXT NOT NULL,
    ip TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id);

CREATE TABLE signing_keys (
    id {id},
    fingerprint TEXT NOT NULL UNIQUE,
    public_key_pem TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE audit_checkpoints (
    id {id},
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    at TEXT NOT NULL,
    key_id BIGINT NOT NULL REFERENCES signing_keys (id),
    message TEXT NOT NULL,
    signature TEXT NOT NULL
);
