-- Findings as work items: the follow-up of a compliance finding, named by its rule and its
-- subject (`application:12`). No row: the finding is open. `pd_id` is the finding's PD when
-- recorded (none for a Pemda-wide one), so that the PD's people see their own.
CREATE TABLE finding_follow_ups (
    id {id},
    rule TEXT NOT NULL,
    subject TEXT NOT NULL,
    pd_id BIGINT REFERENCES perangkat_daerah (id),
    state TEXT NOT NULL,
    assignee_id BIGINT REFERENCES users (id),
    target_date TEXT,
    reason TEXT NOT NULL,
    by_user_id BIGINT REFERENCES users (id),
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX finding_follow_ups_key ON finding_follow_ups (rule, subject)
