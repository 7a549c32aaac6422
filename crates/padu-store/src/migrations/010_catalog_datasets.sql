-- Katalog & Arsitektur SPBE: the data and information inventory (Kalbar Pasal 11(7) a–e): each
-- data set's owner PD, the person responsible, its classification, distribution and retention,
-- where it is stored, and how often and on what media it is backed up; plus the PD's declared
-- update schedule and the last update, for the public-data update rule (Kalbar Pasal 11(5),
-- Pessel Pasal 12(4)). `retention_years` NULL means kept permanently. Dates are `YYYY-MM-DD`.
CREATE TABLE catalog_datasets (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    responsible_person TEXT NOT NULL,
    classification TEXT NOT NULL,
    distribution TEXT NOT NULL,
    retention_years BIGINT,
    storage_location TEXT NOT NULL,
    backup_period TEXT NOT NULL,
    backup_media TEXT NOT NULL,
    update_every_months BIGINT NOT NULL,
    last_updated TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- The list's order with the read-scope columns: a page is chosen from the index alone.
CREATE INDEX catalog_datasets_name_id ON catalog_datasets (name, id, classification, pd_id);
CREATE INDEX catalog_datasets_pd ON catalog_datasets (pd_id, name, id);
