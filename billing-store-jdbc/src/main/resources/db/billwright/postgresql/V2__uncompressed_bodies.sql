-- Billwright storage schema, version 2 (PostgreSQL): invoice bodies and audit states are stored
-- out of line without compression (STORAGE EXTERNAL). An invoice body is about 9 KB of JSON;
-- compressing each copy (pglz) was most of the server's work in a bill run, and TOAST's
-- built-in alternative (lz4) is not in every server build. The cost is disk: an uncompressed
-- body takes about four times the space of a compressed one. Rows written before this
-- migration keep their compressed form; both read the same.
ALTER TABLE bw_invoice ALTER COLUMN body SET STORAGE EXTERNAL;
ALTER TABLE bw_audit ALTER COLUMN before_state SET STORAGE EXTERNAL;
ALTER TABLE bw_audit ALTER COLUMN after_state SET STORAGE EXTERNAL;

-- Since version 2 an invoice's transition records carry a shallow diff (see docs/storage.md).
COMMENT ON COLUMN bw_audit.after_state IS 'created: the whole document; a transition: the top-level fields new or changed, with their new values (shallow diff)';
COMMENT ON COLUMN bw_audit.before_state IS 'created: NULL; a transition: the top-level fields changed or removed, with their old values (shallow diff)';
