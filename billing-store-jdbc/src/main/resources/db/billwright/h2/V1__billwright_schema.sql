-- Billwright storage schema, version 1 (H2). Bodies are the codecs' JSON text
-- (InvoiceJson, PlanJson, LedgerEntryJson, UsageEventJson, CreditNoteJson); the columns beside
-- them are what the stores look up and constrain. Instants are timestamptz (UTC).

CREATE TABLE bw_plan (
  code        CHARACTER VARYING        NOT NULL,
  version     INTEGER     NOT NULL,
  status      CHARACTER VARYING        NOT NULL,
  body        CHARACTER VARYING        NOT NULL,
  PRIMARY KEY (code, version)
);

CREATE TABLE bw_invoice (
  id           CHARACTER VARYING        NOT NULL PRIMARY KEY,
  seq          BIGINT      GENERATED ALWAYS AS IDENTITY,
  key_value    CHARACTER VARYING        NOT NULL,
  owner_id     CHARACTER VARYING        NOT NULL,
  period_start TIMESTAMP WITH TIME ZONE NOT NULL,
  period_end   TIMESTAMP WITH TIME ZONE NOT NULL,
  kind         CHARACTER VARYING        NOT NULL,
  status       CHARACTER VARYING        NOT NULL,
  customer_id  CHARACTER VARYING        NOT NULL,
  body         CHARACTER VARYING        NOT NULL
);
-- One live invoice per (subscription or account, period, kind): a void invoice frees its key.
-- H2 has no partial index: a generated column is the owner while live and NULL once void, and
-- NULLs are distinct in a unique index, so the constraint is the same as PostgreSQL's.
ALTER TABLE bw_invoice ADD COLUMN live_owner CHARACTER VARYING
  GENERATED ALWAYS AS (CASE WHEN status <> 'void' THEN owner_id END);
CREATE UNIQUE INDEX bw_invoice_live_key ON bw_invoice (live_owner, period_start, period_end, kind);
CREATE INDEX bw_invoice_by_customer ON bw_invoice (customer_id, period_start);
CREATE INDEX bw_invoice_by_key ON bw_invoice (owner_id, period_start, period_end, kind, seq);

CREATE TABLE bw_sequence (
  series      CHARACTER VARYING        NOT NULL PRIMARY KEY,
  last_value  BIGINT      NOT NULL
);

CREATE TABLE bw_credit_note (
  id          CHARACTER VARYING        NOT NULL PRIMARY KEY,
  seq         BIGINT      GENERATED ALWAYS AS IDENTITY,
  invoice_id  CHARACTER VARYING        NOT NULL,
  number      CHARACTER VARYING        NOT NULL,
  body        CHARACTER VARYING        NOT NULL
);
CREATE INDEX bw_credit_note_by_invoice ON bw_credit_note (invoice_id, seq);

CREATE TABLE bw_ledger_entry (
  wallet_id       CHARACTER VARYING    NOT NULL,
  position        BIGINT  NOT NULL,
  idempotency_key CHARACTER VARYING    NOT NULL,
  entry_index     INTEGER NOT NULL,
  body            CHARACTER VARYING    NOT NULL,
  PRIMARY KEY (wallet_id, position),
  UNIQUE (wallet_id, idempotency_key, entry_index)
);

CREATE TABLE bw_dedup (
  scope       CHARACTER VARYING        NOT NULL,
  event_id    CHARACTER VARYING        NOT NULL,
  fingerprint BIGINT      NOT NULL,
  seen_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (scope, event_id)
);
CREATE INDEX bw_dedup_by_seen_at ON bw_dedup (seen_at);

CREATE TABLE bw_usage_event (
  seq          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id     CHARACTER VARYING NOT NULL UNIQUE,
  customer_id  CHARACTER VARYING        NOT NULL,
  event_type   CHARACTER VARYING        NOT NULL,
  occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  body         CHARACTER VARYING        NOT NULL
);
CREATE INDEX bw_usage_event_by_customer ON bw_usage_event (customer_id, event_type, occurred_at);

CREATE TABLE bw_alert_outbox (
  seq          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_key    CHARACTER VARYING        NOT NULL UNIQUE,
  body         CHARACTER VARYING        NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  delivered_at TIMESTAMP WITH TIME ZONE
);

CREATE TABLE bw_audit (
  position     BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity_type  CHARACTER VARYING        NOT NULL,
  entity_id    CHARACTER VARYING        NOT NULL,
  action       CHARACTER VARYING        NOT NULL,
  before_state CHARACTER VARYING,
  after_state  CHARACTER VARYING,
  actor        CHARACTER VARYING        NOT NULL,
  reason       CHARACTER VARYING        NOT NULL,
  at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX bw_audit_by_entity ON bw_audit (entity_type, entity_id, position);

-- The audit log is append-only: the stores never update or delete it (H2 has no SQL triggers;
-- PostgreSQL also refuses a change in the database).

-- Durable metering: a versioned checkpoint of an aggregation run (see docs/storage.md).
CREATE TABLE bw_metering_checkpoint (
  run_id       CHARACTER VARYING        NOT NULL PRIMARY KEY,
  format       CHARACTER VARYING        NOT NULL,
  position     BIGINT      NOT NULL,
  state        CHARACTER VARYING        NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
