-- SPBE infrastructure: the Pusat Data and DRC, servers and VPS (Bogor Pasal 15), the Pusat
-- Data's IaaS/PaaS/SaaS offerings (Pessel Pasal 26(3)), network equipment.
CREATE TABLE catalog_infrastructure (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    placed_at TEXT NOT NULL,
    provider TEXT NOT NULL,
    specification TEXT NOT NULL,
    site_id BIGINT REFERENCES network_sites (id),
    status TEXT NOT NULL,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX catalog_infrastructure_name_id ON catalog_infrastructure (name, id, classification, pd_id);
CREATE INDEX catalog_infrastructure_pd ON catalog_infrastructure (pd_id, name, id)
