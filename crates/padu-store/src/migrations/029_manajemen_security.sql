-- Manajemen Keamanan Informasi SPBE (Peraturan BSSN 4/2021, Kalbar Pasal 29, Bogor Pasal 34,
-- Pessel Pasal 54-55). Moments are the region's time, `YYYY-MM-DDTHH:MM`, dates `YYYY-MM-DD`,
-- linked records are comma-separated ids.
--
-- Security incidents, reported by any PD to the Dinas (Pessel Pasal 55(4)): when detected and
-- reported, what and how severe, what it touched, how it was contained and recovered, its root
-- cause and lessons, its escalation to the national CSIRT, and the desk ticket opened for it.
CREATE TABLE manajemen_security_incidents (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    title TEXT NOT NULL,
    incident_type TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    reported_at TEXT,
    description TEXT NOT NULL,
    application_ids TEXT NOT NULL,
    service_ids TEXT NOT NULL,
    site_ids TEXT NOT NULL,
    containment TEXT NOT NULL,
    recovery TEXT NOT NULL,
    root_cause TEXT NOT NULL,
    lessons TEXT NOT NULL,
    resolved_at TEXT,
    csirt_escalated BIGINT NOT NULL,
    csirt_reported_at TEXT,
    csirt_reference TEXT NOT NULL,
    ticket_id BIGINT,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX manajemen_security_incidents_order ON manajemen_security_incidents (detected_at DESC, id, classification, pd_id);
CREATE INDEX manajemen_security_incidents_pd ON manajemen_security_incidents (pd_id, detected_at);
-- Electronic certificates (TTE) of each PD's officials and TLS certificates of its websites and
-- services (Pessel Pasal 55(6)-(7)): issuer, subject, validity, revocation, a TLS certificate's
-- SHA-256 fingerprint when it was read from its PEM.
CREATE TABLE manajemen_certificates (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    kind TEXT NOT NULL,
    holder TEXT NOT NULL,
    position TEXT NOT NULL,
    hosts TEXT NOT NULL,
    issuer TEXT NOT NULL,
    serial_number TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    not_before TEXT,
    not_after TEXT NOT NULL,
    revoked BIGINT NOT NULL,
    revoked_on TEXT,
    application_ids TEXT NOT NULL,
    website_ids TEXT NOT NULL,
    service_ids TEXT NOT NULL,
    note TEXT NOT NULL,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX manajemen_certificates_order ON manajemen_certificates (not_after, id, classification, pd_id);
CREATE INDEX manajemen_certificates_pd ON manajemen_certificates (pd_id, not_after);
-- What the security sweep already told: an incident announced to the Dinas, a certificate's
-- reminder for an expiry (`certificate:3:2026-12-31`, `30`). Each once.
CREATE TABLE manajemen_security_notices (
    subject TEXT NOT NULL,
    notice TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (subject, notice)
);
-- A risk names what it is about: applications, SPBE services, sites, data sets, and the
-- incidents that raised it.
ALTER TABLE manajemen_risks ADD COLUMN application_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE manajemen_risks ADD COLUMN service_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE manajemen_risks ADD COLUMN site_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE manajemen_risks ADD COLUMN dataset_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE manajemen_risks ADD COLUMN incident_ids TEXT NOT NULL DEFAULT ''
