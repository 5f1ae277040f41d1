-- The BFF session broker. Codes, states and refresh tokens are stored as SHA-256 hashes only; the
-- upstream tokens only sealed (envelope encryption bound to the session id).
CREATE TABLE session_pending (
  state_hash        bytea       PRIMARY KEY,
  client_id         text        NOT NULL,
  redirect_uri      text        NOT NULL,
  client_state      text,
  code_challenge    text        NOT NULL,
  scope             text[]      NOT NULL,
  nonce             text        NOT NULL,
  upstream_verifier text        NOT NULL,
  expires_at        timestamptz NOT NULL
);

CREATE TABLE sessions (
  id                         text        PRIMARY KEY,
  tenant                     text        NOT NULL,
  client_id                  text        NOT NULL,
  subject                    text        NOT NULL,
  email                      text,
  name                       text,
  groups                     text[]      NOT NULL,
  scope                      text[]      NOT NULL,
  upstream_ciphertext        bytea       NOT NULL,
  upstream_wrapped_key       bytea       NOT NULL,
  upstream_kek               text        NOT NULL,
  upstream_access_expires_at timestamptz NOT NULL,
  created_at                 timestamptz NOT NULL,
  expires_at                 timestamptz NOT NULL,
  ended_at                   timestamptz,
  refresh_lease_until        timestamptz
);
CREATE INDEX sessions_by_tenant_subject ON sessions (tenant, subject, created_at DESC);

CREATE TABLE session_codes (
  hash           bytea       PRIMARY KEY,
  session_id     text        NOT NULL,
  client_id      text        NOT NULL,
  redirect_uri   text        NOT NULL,
  code_challenge text        NOT NULL,
  expires_at     timestamptz NOT NULL,
  claimed_at     timestamptz
);

CREATE TABLE session_refresh_tokens (
  hash                  bytea       PRIMARY KEY,
  session_id            text        NOT NULL,
  client_id             text        NOT NULL,
  expires_at            timestamptz NOT NULL,
  rotated_at            timestamptz,
  successor_ciphertext  bytea,
  successor_wrapped_key bytea,
  successor_kek         text
);
CREATE INDEX session_refresh_tokens_by_session ON session_refresh_tokens (session_id);
