-- Word search over the catalogue's registers: see the engine parts. The sites list reads in
-- (name, id) order from network_sites_name_id (migration 002), which makes the plain name
-- index redundant. The classification index goes too: four values cannot narrow a list, and
-- SQLite's planner took it for the read-scope filter and then sorted every site by name
-- (94 ms for the first page of 100,000 sites, against 2 ms from the name index).
-- The lists' order indexes also hold the read-scope columns, so a page (even a deep one) is
-- chosen from the index alone and only its rows are read (`PagedSelect::ids_then_rows`).
DROP INDEX network_sites_name;
DROP INDEX network_sites_class;
DROP INDEX network_sites_name_id;
CREATE INDEX network_sites_name_id ON network_sites (name, id, classification, pd_id);
DROP INDEX catalog_applications_name_id;
CREATE INDEX catalog_applications_name_id ON catalog_applications (name, id, classification, pd_id)
