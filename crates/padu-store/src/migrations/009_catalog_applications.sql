-- Katalog & Arsitektur SPBE: the applications register (PRODUCT.md module 2). Aplikasi Umum
-- or Khusus (Pessel Pasal 10(2)), one of the 23 sectors of Pessel Lampiran I, the owner PD,
-- how it came (built for the Pemda, or ready-made: Pessel Pasal 29(3)), the profile's
-- documentation checklist (Kalbar Pasal 19(10), Bogor Pasal 25(2), Pessel Pasal 29(5)) as the
-- codes present, the test before production (Bogor Pasal 25(1)) and the yearly review
-- (Kalbar Pasal 19(12)). Dates are ISO `YYYY-MM-DD` text.
CREATE TABLE catalog_applications (
    id {id},
    pd_id BIGINT NOT NULL REFERENCES perangkat_daerah (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    sector TEXT NOT NULL,
    origin TEXT NOT NULL,
    open_source BIGINT NOT NULL,
    source_repository TEXT,
    url TEXT,
    status TEXT NOT NULL,
    in_production_since TEXT,
    tested_on TEXT,
    last_review TEXT,
    documents TEXT NOT NULL,
    classification TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX catalog_applications_name_id ON catalog_applications (name, id);
CREATE INDEX catalog_applications_pd ON catalog_applications (pd_id, name, id);
