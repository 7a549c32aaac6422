-- Layanan: public complaints (the SP4N-LAPOR! flow) and the working-day calendar's holidays.

-- Lists of sites page by (name, id) without sorting every match.
CREATE INDEX network_sites_name_id ON network_sites (name, id);

-- Days off for the SLA calendar (national holidays, cuti bersama, regional days off).
CREATE TABLE holidays (
    day TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE complaints (
    id {id},
    tracking_code TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    location_text TEXT,
    latitude {real},
    longitude {real},
    -- SP4N-LAPOR! "anonim": identity hidden from all but the Dinas verifiers.
    anonymous BIGINT NOT NULL DEFAULT 0,
    -- SP4N-LAPOR! "rahasia": the complaint is hidden from the public.
    confidential BIGINT NOT NULL DEFAULT 0,
    reporter_name TEXT,
    reporter_email TEXT,
    reporter_phone TEXT,
    status TEXT NOT NULL,
    pd_id BIGINT REFERENCES perangkat_daerah (id),
    merged_into BIGINT REFERENCES complaints (id),
    verify_due TEXT,
    follow_up_due TEXT,
    respond_due TEXT,
    -- When an overdue deadline was escalated to the Dinas (once per deadline).
    escalated_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX complaints_status_created ON complaints (status, created_at);
CREATE INDEX complaints_pd_status ON complaints (pd_id, status);
CREATE INDEX complaints_created ON complaints (created_at, id);

-- The timeline of a complaint: every step, reply and note.
CREATE TABLE complaint_updates (
    id {id},
    complaint_id BIGINT NOT NULL REFERENCES complaints (id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor_user_id BIGINT REFERENCES users (id),
    actor_label TEXT NOT NULL,
    body TEXT NOT NULL,
    public BIGINT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    pd_id BIGINT REFERENCES perangkat_daerah (id)
);
CREATE INDEX complaint_updates_complaint ON complaint_updates (complaint_id, id);
