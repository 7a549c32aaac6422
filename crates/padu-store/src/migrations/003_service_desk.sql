-- Layanan, part 2: the tiered Service Desk, attachments, saved views, notifications and the
-- mail outbox. Full-text search indexes differ per engine (003_service_desk.<engine>.sql).

CREATE TABLE tickets (
    id {id},
    -- Kalbar Pasal 35(3): keluhan, gangguan, masalah, permintaan, perubahan.
    kind TEXT NOT NULL,
    priority TEXT NOT NULL,
    status TEXT NOT NULL,
    -- 1: the PD's own desk; 2: the Dinas (Bogor Pasal 40(9-10)).
    tier BIGINT NOT NULL,
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    requester_user_id BIGINT REFERENCES users (id),
    requester_label TEXT NOT NULL,
    assignee_user_id BIGINT REFERENCES users (id),
    parent_id BIGINT REFERENCES tickets (id),
    merged_into BIGINT REFERENCES tickets (id),
    -- What the ticket is about: application, asset or bus service, and its identifier.
    link_kind TEXT,
    link_ref TEXT,
    escalation_reason TEXT,
    -- The SLA now in force, in working seconds (the history is in ticket_events).
    sla_first_response BIGINT,
    sla_next_update BIGINT,
    sla_resolution BIGINT,
    -- Derived from the timers at the last change, for queues and the reminder job.
    sla_state TEXT NOT NULL,
    sla_due_at TEXT,
    sla_alert_at TEXT,
    sla_breached BIGINT NOT NULL DEFAULT 0,
    rating BIGINT,
    rating_comment TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    resolved_at TEXT,
    closed_at TEXT
);
CREATE INDEX tickets_queue ON tickets (pd_id, tier, status, sla_due_at);
CREATE INDEX tickets_tier_queue ON tickets (tier, status, sla_due_at);
CREATE INDEX tickets_alert ON tickets (sla_alert_at);
CREATE INDEX tickets_assignee ON tickets (assignee_user_id, status);
CREATE INDEX tickets_requester ON tickets (requester_user_id, created_at);
CREATE INDEX tickets_created ON tickets (created_at, id);
CREATE INDEX tickets_parent ON tickets (parent_id);

-- The timeline of a ticket: replies, notes, steps, field changes, each with what the SLA
-- timers heard (sla_event) and details (data, JSON).
CREATE TABLE ticket_events (
    id {id},
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor_user_id BIGINT REFERENCES users (id),
    actor_label TEXT NOT NULL,
    body TEXT NOT NULL,
    public BIGINT NOT NULL,
    sla_event TEXT,
    data TEXT
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

-- Files attached to a ticket or a complaint (size- and type-limited by the web layer).
CREATE TABLE attachments (
    id {id},
    owner_kind TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    public BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    data {blob} NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id);

-- A user's named queue filters.
CREATE TABLE saved_views (
    id {id},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, name)
);

-- In-app notifications.
CREATE TABLE notifications (
    id {id},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    read_at TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, id);

-- Mail waiting to go out through SMTP; retried with back-off until sent or given up.
CREATE TABLE mail_outbox (
    id {id},
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    sent_at TEXT,
    failed_at TEXT,
    last_error TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, failed_at, next_attempt_at)
