-- Service bus trust: client certificates issued by the instance CA (issue 3, deliverable 2),
-- federated instances whose CA this one trusts (deliverable 7), and archives of message-log
-- records moved out of the database under the retention rule (deliverable 5; Kalbar Pasal
-- 20(6)). Revocation is a row update that the gateway sees on its next registry read.
CREATE TABLE gsb_certificates (
    id {id},
    subsystem_id BIGINT NOT NULL REFERENCES gsb_subsystems (id),
    serial TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL UNIQUE,
    subject TEXT NOT NULL,
    not_before TEXT NOT NULL,
    not_after TEXT NOT NULL,
    cert_pem TEXT NOT NULL,
    renews_id BIGINT REFERENCES gsb_certificates (id),
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_reason TEXT
);
CREATE INDEX gsb_certificates_by_subsystem ON gsb_certificates (subsystem_id, id);
CREATE TABLE gsb_federation (
    id {id},
    instance TEXT NOT NULL UNIQUE,
    gateway_url TEXT NOT NULL,
    ca_cert_pem TEXT NOT NULL,
    ca_fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL
);
-- Records 1..last_record were written to `file_name` (whose SHA-256 is `file_sha256`) and
-- deleted; their batches stay, so the signed roots remain and the chain resumes from
-- `last_chain`.
CREATE TABLE gsb_archives (
    id {id},
    first_record BIGINT NOT NULL,
    last_record BIGINT NOT NULL,
    last_batch BIGINT NOT NULL,
    last_chain TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL
);
