-- What is audited (Pessel Pasal 62(1), Kalbar Pasal 36(2), Bogor Pasal 41(1)): an
-- infrastructure, an application or a security scope of a PD, or of the Pemda as a whole,
-- each due again the profile's audit_months after its last audit's report.
CREATE TABLE audit_objects (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    pemda_wide BIGINT NOT NULL,
    description TEXT NOT NULL,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX audit_objects_order ON audit_objects (kind, name, id, classification, pd_id);
CREATE INDEX audit_objects_pd ON audit_objects (pd_id, kind, name);
-- An audit of an object, through the steps of Pessel Lampiran III Bab VI C: the request, the
-- team's assignment, the plan (criteria, scope, tests, time), execution, supervision, the
-- report and the follow-up. The PD is the object's, kept for who may read it.
CREATE TABLE audits (
    id {id},
    object_id BIGINT NOT NULL REFERENCES audit_objects (id),
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    audit_type TEXT NOT NULL,
    step TEXT NOT NULL,
    title TEXT NOT NULL,
    request_note TEXT NOT NULL,
    requested_start TEXT NOT NULL,
    team TEXT NOT NULL,
    assignment_letter TEXT NOT NULL,
    criteria TEXT NOT NULL,
    scope TEXT NOT NULL,
    test_plan TEXT NOT NULL,
    start_on TEXT,
    end_on TEXT,
    supervision_note TEXT NOT NULL,
    report_summary TEXT NOT NULL,
    conclusion TEXT NOT NULL,
    reported_on TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX audits_object ON audits (object_id, reported_on);
CREATE INDEX audits_pd ON audits (pd_id, step);
-- Each step an audit took: who, when, and what they noted.
CREATE TABLE audit_events (
    id {id},
    audit_id BIGINT NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX audit_events_audit ON audit_events (audit_id, id);
-- The execution's work papers: the procedure run and what it showed, with evidence files.
CREATE TABLE audit_work_papers (
    id {id},
    audit_id BIGINT NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    procedure_text TEXT NOT NULL,
    result TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX audit_work_papers_audit ON audit_work_papers (audit_id, id);
-- A finding with its criteria, condition, cause, effect and recommendation, the auditee's
-- response and action plan, and its follow-up through to the auditor's verified close.
CREATE TABLE audit_findings (
    id {id},
    audit_id BIGINT NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    title TEXT NOT NULL,
    criteria TEXT NOT NULL,
    condition_text TEXT NOT NULL,
    cause TEXT NOT NULL,
    effect TEXT NOT NULL,
    recommendation TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    response TEXT NOT NULL,
    action_plan TEXT NOT NULL,
    due_on TEXT,
    progress_note TEXT NOT NULL,
    verified_by TEXT,
    closed_on TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX audit_findings_audit ON audit_findings (audit_id, id);
CREATE INDEX audit_findings_pd ON audit_findings (pd_id, status);
-- A security audit's ratings per control (the BSSN instrument): design, implementation and
-- effectiveness, with the auditor's note.
CREATE TABLE audit_control_ratings (
    audit_id BIGINT NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    design TEXT NOT NULL,
    implementation TEXT NOT NULL,
    effectiveness TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (audit_id, code)
)
