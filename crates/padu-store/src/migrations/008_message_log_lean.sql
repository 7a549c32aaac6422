-- No query looks message-log records up by service (monitoring keeps its own counts), and
-- every index costs each of the gateway's records an insert (bench/gsb.sh).
DROP INDEX gsb_messages_service;
