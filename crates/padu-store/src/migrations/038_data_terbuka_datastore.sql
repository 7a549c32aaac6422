-- The queryable store (issue 22 item 3, CKAN's DataStore): a tabular resource's newest version
-- loaded into a table of its own, datastore_<resource id>, with a column per field (c1, c2,
-- ... typed as guessed) after the row number _id. This row says which version is loaded, its
-- fields and rows, and the resource's id as CKAN clients know it. Derived from the resource's
-- file: not backed up, loaded again from the file after a restore.
CREATE TABLE open_datastores (
    resource_id BIGINT PRIMARY KEY REFERENCES open_resources (id),
    version BIGINT NOT NULL,
    public_id TEXT NOT NULL UNIQUE,
    fields TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    loaded_at TEXT NOT NULL
);
-- The portal keeps what it read while open data's mark stays (Store::open_data_mark), which
-- reads the newest change.
CREATE INDEX open_datasets_updated ON open_datasets (updated_at);
