-- The region's own profile, as the Dinas set it on the "Aturan yang berlaku" page: a TOML
-- file laid over a shipped profile. Empty: the shipped profile `profile` names is in force.
ALTER TABLE pemda ADD COLUMN profile_text TEXT
