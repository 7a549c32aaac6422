-- Word search over the catalogue's registers: see the engine parts. The sites list now reads
-- in (name, id) order from network_sites_name_id (migration 002), which makes the plain name
-- index redundant.
DROP INDEX network_sites_name
