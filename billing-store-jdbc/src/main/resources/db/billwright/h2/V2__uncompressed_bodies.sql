-- Billwright storage schema, version 2 (H2). PostgreSQL's version 2 stores bodies uncompressed;
-- H2 has no such setting, so here version 2 only documents the audit states: since version 2 an
-- invoice's transition records carry a shallow diff (see docs/storage.md).
COMMENT ON COLUMN bw_audit.after_state IS 'created: the whole document; a transition: the top-level fields new or changed, with their new values (shallow diff)';
COMMENT ON COLUMN bw_audit.before_state IS 'created: NULL; a transition: the top-level fields changed or removed, with their old values (shallow diff)';
