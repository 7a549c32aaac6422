-- Who answered an audit finding (its auditee's member of staff), so that the one who verifies
-- it closed is someone else; who claimed an indicator's level, so that the assessor who reviews
-- it is someone else.
ALTER TABLE audit_findings ADD COLUMN answered_by_user_id BIGINT;
ALTER TABLE evaluasi_claims ADD COLUMN claimed_by_user_id BIGINT
