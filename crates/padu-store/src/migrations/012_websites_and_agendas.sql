-- Websites and sub-domains of the Pemda and its PDs (Pessel Pasal 11, Bogor Pasal 22): each
-- must sit under the Pemda's domain; a finding names those that do not.
CREATE TABLE catalog_websites (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    host TEXT NOT NULL,
    purpose TEXT NOT NULL,
    status TEXT NOT NULL,
    hosted_at TEXT NOT NULL,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX catalog_websites_host ON catalog_websites (host);
CREATE INDEX catalog_websites_name_id ON catalog_websites (host, id, classification, pd_id);
CREATE INDEX catalog_websites_pd ON catalog_websites (pd_id, host, id);
-- Agendas of the Tim Koordinasi SPBE (Pessel Pasal 16(6), 17: periodic at least twice a
-- year, incidental at any time on the Dinas's initiative or a PD's proposal) and of the
-- Komite TI (Pessel Pasal 15), with minutes and decisions once held. `pd_id` is the proposing
-- PD of an incidental agenda, or the Dinas.
CREATE TABLE governance_agendas (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    body TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    scheduled_on TEXT NOT NULL,
    location TEXT NOT NULL,
    status TEXT NOT NULL,
    minutes TEXT NOT NULL,
    decisions TEXT NOT NULL,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX governance_agendas_date ON governance_agendas (scheduled_on, id, classification, pd_id);
CREATE INDEX governance_agendas_pd ON governance_agendas (pd_id, scheduled_on, id)
