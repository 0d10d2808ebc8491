-- Billwright storage schema, version 1 (PostgreSQL). Bodies are the codecs' JSON text
-- (InvoiceJson, PlanJson, LedgerEntryJson, UsageEventJson, CreditNoteJson); the columns beside
-- them are what the stores look up and constrain. Instants are timestamptz (UTC).

CREATE TABLE bw_plan (
  code        TEXT        NOT NULL,
  version     INTEGER     NOT NULL,
  status      TEXT        NOT NULL,
  body        TEXT        NOT NULL,
  PRIMARY KEY (code, version)
);

CREATE TABLE bw_invoice (
  id           TEXT        NOT NULL PRIMARY KEY,
  seq          BIGINT      GENERATED ALWAYS AS IDENTITY,
  key_value    TEXT        NOT NULL,
  owner_id     TEXT        NOT NULL,
  period_start TIMESTAMPTZ NOT NULL,
  period_end   TIMESTAMPTZ NOT NULL,
  kind         TEXT        NOT NULL,
  status       TEXT        NOT NULL,
  customer_id  TEXT        NOT NULL,
  body         TEXT        NOT NULL
);
-- One live invoice per (subscription or account, period, kind): a void invoice frees its key.
CREATE UNIQUE INDEX bw_invoice_live_key ON bw_invoice (owner_id, period_start, period_end, kind)
  WHERE status <> 'void';
CREATE INDEX bw_invoice_by_customer ON bw_invoice (customer_id, period_start);
CREATE INDEX bw_invoice_by_key ON bw_invoice (owner_id, period_start, period_end, kind, seq);

CREATE TABLE bw_sequence (
  series      TEXT        NOT NULL PRIMARY KEY,
  last_value  BIGINT      NOT NULL
);

CREATE TABLE bw_credit_note (
  id          TEXT        NOT NULL PRIMARY KEY,
  seq         BIGINT      GENERATED ALWAYS AS IDENTITY,
  invoice_id  TEXT        NOT NULL,
  number      TEXT        NOT NULL,
  body        TEXT        NOT NULL
);
CREATE INDEX bw_credit_note_by_invoice ON bw_credit_note (invoice_id, seq);

CREATE TABLE bw_ledger_entry (
  wallet_id       TEXT    NOT NULL,
  position        BIGINT  NOT NULL,
  idempotency_key TEXT    NOT NULL,
  entry_index     INTEGER NOT NULL,
  body            TEXT    NOT NULL,
  PRIMARY KEY (wallet_id, position),
  UNIQUE (wallet_id, idempotency_key, entry_index)
);

CREATE TABLE bw_dedup (
  scope       TEXT        NOT NULL,
  event_id    TEXT        NOT NULL,
  fingerprint BIGINT      NOT NULL,
  seen_at     TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (scope, event_id)
);
CREATE INDEX bw_dedup_by_seen_at ON bw_dedup (seen_at);

CREATE TABLE bw_usage_event (
  seq          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id     TEXT NOT NULL UNIQUE,
  customer_id  TEXT        NOT NULL,
  event_type   TEXT        NOT NULL,
  occurred_at  TIMESTAMPTZ NOT NULL,
  body         TEXT        NOT NULL
);
CREATE INDEX bw_usage_event_by_customer ON bw_usage_event (customer_id, event_type, occurred_at);

CREATE TABLE bw_alert_outbox (
  seq          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_key    TEXT        NOT NULL UNIQUE,
  body         TEXT        NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL,
  delivered_at TIMESTAMPTZ
);

CREATE TABLE bw_audit (
  position     BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity_type  TEXT        NOT NULL,
  entity_id    TEXT        NOT NULL,
  action       TEXT        NOT NULL,
  before_state TEXT,
  after_state  TEXT,
  actor        TEXT        NOT NULL,
  reason       TEXT        NOT NULL,
  at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX bw_audit_by_entity ON bw_audit (entity_type, entity_id, position);

-- The audit log is append-only: the database itself refuses an update or a delete.
CREATE FUNCTION bw_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'bw_audit is append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER bw_audit_no_change BEFORE UPDATE OR DELETE ON bw_audit
  FOR EACH ROW EXECUTE FUNCTION bw_audit_append_only();

-- Durable metering: a versioned checkpoint of an aggregation run (see docs/storage.md).
CREATE TABLE bw_metering_checkpoint (
  run_id       TEXT        NOT NULL PRIMARY KEY,
  format       TEXT        NOT NULL,
  position     BIGINT      NOT NULL,
  state        TEXT        NOT NULL,
  updated_at   TIMESTAMPTZ NOT NULL
);
