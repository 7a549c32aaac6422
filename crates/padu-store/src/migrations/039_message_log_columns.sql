-- A message-log record's time, client, service and status are in its record (the canonical
-- JSON); no query reads them from these columns, and writing them cost every exchange's row
-- its bytes and four parameters (bench/gsb.sh).
ALTER TABLE gsb_messages DROP COLUMN at;
ALTER TABLE gsb_messages DROP COLUMN client;
ALTER TABLE gsb_messages DROP COLUMN service;
ALTER TABLE gsb_messages DROP COLUMN status;
