-- Evaluation instruments as versioned data (PermenPANRB 59/2020 and its successors, such as
-- the Indeks Pemerintah Digital): the file as loaded, read by padu_domain::evaluasi before it
-- is stored. A new version is a new code; one in use by an evaluation is never replaced.
CREATE TABLE evaluasi_instruments (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    source_text TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    loaded_by TEXT NOT NULL
);
-- The Pemda's self-evaluation of a year (Kalbar Pasal 44, Pessel Lampiran III Bab VI), on one
-- instrument.
CREATE TABLE evaluasi_evaluations (
    id {id},
    year BIGINT NOT NULL UNIQUE,
    instrument_code TEXT NOT NULL REFERENCES evaluasi_instruments (code),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
-- An indicator's claimed level with its justification and evidence links (JSON: label and
-- address), and the assessor's review: agreed, or revised to a level with a note. A claim
-- changed after its review is reviewed again.
CREATE TABLE evaluasi_claims (
    id {id},
    evaluation_id BIGINT NOT NULL REFERENCES evaluasi_evaluations (id) ON DELETE CASCADE,
    indicator BIGINT NOT NULL,
    level BIGINT NOT NULL,
    justification TEXT NOT NULL,
    links TEXT NOT NULL,
    claimed_by TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    verdict TEXT,
    reviewed_level BIGINT,
    review_note TEXT NOT NULL,
    reviewed_by TEXT,
    reviewed_at TEXT,
    UNIQUE (evaluation_id, indicator)
)
