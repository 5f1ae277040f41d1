-- API keys. The secret is never stored: only its SHA-256 (secret_hash) and a display fingerprint.
CREATE TABLE api_keys (
  key_id          text        PRIMARY KEY,
  tenant          text        NOT NULL,
  name            text        NOT NULL,
  scopes          text[]      NOT NULL,
  subject         text        NOT NULL,
  email           text,
  display_name    text,
  tags            text[]      NOT NULL,
  allowed_origins text[]      NOT NULL,
  expires_at      timestamptz,
  created_at      timestamptz NOT NULL,
  last_used_at    timestamptz,
  revoked_at      timestamptz,
  secret_hash     bytea       NOT NULL,
  prefix          text        NOT NULL,
  fingerprint     text        NOT NULL,
  rotated_to      text
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant, key_id);
