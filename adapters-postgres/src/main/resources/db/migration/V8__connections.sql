-- The outbound token vault. Client secrets, assertion private keys, tokens and device codes are
-- stored only sealed (envelope encryption bound to the provider or connection id); states as SHA-256.
CREATE TABLE connection_providers (
  id                      text        PRIMARY KEY,
  tenant                  text        NOT NULL,
  name                    text        NOT NULL,
  issuer                  text,
  has_endpoints           boolean     NOT NULL,
  authorization_endpoint  text,
  token_endpoint          text,
  revocation_endpoint     text,
  userinfo_endpoint       text,
  device_endpoint         text,
  jwks_uri                text,
  client_id               text        NOT NULL,
  auth_method             text        NOT NULL,
  secret_ciphertext       bytea,
  secret_wrapped_key      bytea,
  secret_kek              text,
  assertion_kid           text,
  assertion_alg           text,
  assertion_public_jwk    text,
  assertion_ciphertext    bytea,
  assertion_wrapped_key   bytea,
  assertion_kek           text,
  scopes                  text[]      NOT NULL,
  grant_types             text[]      NOT NULL,
  return_urls             text[]      NOT NULL,
  insecure                boolean     NOT NULL,
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL,
  UNIQUE (tenant, name)
);

CREATE TABLE connections (
  id                  text        PRIMARY KEY,
  tenant              text        NOT NULL,
  provider_id         text        NOT NULL,
  grant_type          text        NOT NULL,
  subject             text,
  status              text        NOT NULL,
  tokens_ciphertext   bytea,
  tokens_wrapped_key  bytea,
  tokens_kek          text,
  access_expires_at   timestamptz,
  scope               text[]      NOT NULL,
  device_ciphertext   bytea,
  device_wrapped_key  bytea,
  device_kek          text,
  device_interval_s   bigint,
  device_next_poll_at timestamptz,
  device_expires_at   timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  lease_until         timestamptz
);
CREATE INDEX connections_by_tenant ON connections (tenant, id);
CREATE INDEX connections_due_device_polls ON connections (device_next_poll_at) WHERE status = 'pending';

CREATE TABLE connection_pending (
  state_hash         bytea       PRIMARY KEY,
  tenant             text        NOT NULL,
  provider_id        text        NOT NULL,
  secrets_ciphertext bytea       NOT NULL,
  secrets_wrapped_key bytea      NOT NULL,
  secrets_kek        text        NOT NULL,
  return_url         text        NOT NULL,
  scope              text[]      NOT NULL,
  expires_at         timestamptz NOT NULL
);
