-- LAN diagrams each PD submits to the Dinas, and the changes it reports later (Bogor Pasal
-- 21): one row per submission, its drawing an attachment owned by ('lan_diagram', id).
CREATE TABLE lan_diagrams (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX lan_diagrams_pd ON lan_diagrams (pd_id, submitted_on, id)
