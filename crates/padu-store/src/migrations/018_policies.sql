-- SPBE policies and SOPs (Pessel Pasal 66–67).
CREATE TABLE governance_policies (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    title TEXT NOT NULL,
    reference TEXT NOT NULL,
    established_on TEXT,
    status TEXT NOT NULL,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX governance_policies_name_id ON governance_policies (title, id, classification, pd_id);
CREATE INDEX governance_policies_pd ON governance_policies (pd_id, title, id)
