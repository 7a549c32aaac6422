-- An account whose password the Dinas reset signs in with the temporary password and must
-- choose its own before anything else (Peraturan BSSN: a password given by someone else is
-- changed at first use).
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0
