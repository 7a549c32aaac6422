-- Where the region requires the Dinas's consideration of a PD's service before it serves
-- (Bogor Pasal 23(4)c: "pertimbangan kelaikan operasi dan keamanan dari Dinas"), a service a
-- PD registers waits for it. Services registered before stand cleared.
ALTER TABLE gsb_services ADD COLUMN cleared BIGINT NOT NULL DEFAULT 1
