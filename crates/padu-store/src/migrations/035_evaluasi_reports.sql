-- The year's report to the head of region (Kalbar Pasal 44, Bogor Pasal 45(4), Pessel Pasal
-- 47(2)): the statement signed with the instance key, the signature and the public key it
-- verifies with, who signed and when. A report signed again is a new row; the newest counts.
CREATE TABLE evaluasi_reports (
    id {id},
    year BIGINT NOT NULL,
    statement TEXT NOT NULL,
    signature TEXT NOT NULL,
    public_key_pem TEXT NOT NULL,
    signed_by TEXT NOT NULL,
    signed_at TEXT NOT NULL
);
CREATE INDEX evaluasi_reports_year ON evaluasi_reports (year, id)
