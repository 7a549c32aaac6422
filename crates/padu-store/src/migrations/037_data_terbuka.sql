-- Data terbuka (Pessel Pasal 13(3)-(5), Kalbar Pasal 11(3)): a data set of a PD's inventory
-- as published on the portal, with its metadata (Satu Data Indonesia's metadata principle) and
-- the walidata's check; its resources (files or links) and every version of a file resource.
CREATE TABLE open_datasets (
    id {id},
    inventory_id BIGINT NOT NULL REFERENCES catalog_datasets (id),
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    name TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    keywords TEXT NOT NULL,
    theme TEXT NOT NULL,
    licence TEXT NOT NULL,
    temporal_start TEXT,
    temporal_end TEXT,
    spatial TEXT NOT NULL,
    update_schedule TEXT NOT NULL,
    reference_codes TEXT NOT NULL,
    status TEXT NOT NULL,
    review_note TEXT NOT NULL,
    checked_by TEXT,
    published_at TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX open_datasets_status ON open_datasets (status, updated_at);
CREATE INDEX open_datasets_pd ON open_datasets (pd_id, status);
CREATE TABLE open_resources (
    id {id},
    dataset_id BIGINT NOT NULL REFERENCES open_datasets (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    format TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX open_resources_dataset ON open_resources (dataset_id, id);
-- A file resource's versions: each upload kept, the newest the one served.
CREATE TABLE open_resource_versions (
    id {id},
    resource_id BIGINT NOT NULL REFERENCES open_resources (id),
    version BIGINT NOT NULL,
    attachment_id BIGINT NOT NULL REFERENCES attachments (id),
    note TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (resource_id, version)
);
