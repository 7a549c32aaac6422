-- Who holds the copyright of an application built for the Pemda (Bogor Pasal 25(5), Pessel
-- Pasal 29(7), Kalbar Pasal 19(11): the Pemda). Empty: not recorded yet.
ALTER TABLE catalog_applications ADD COLUMN copyright_holder TEXT
