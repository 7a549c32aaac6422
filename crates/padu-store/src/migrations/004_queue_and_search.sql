-- Open-ticket queues read in SLA order straight from an index: the tier, then the running
-- timers by due time, paused ones (no due time) last, exactly as list_tickets orders them.
-- Only open tickets are indexed, so the index stays the size of the open work.
CREATE INDEX tickets_open_by_due ON tickets (tier, (CASE WHEN sla_due_at IS NULL THEN 1 ELSE 0 END), sla_due_at, id) WHERE status IN ('baru', 'ditangani', 'menunggu_pemohon')
