-- OAuth clients registered through RFC 7591. Credentials are stored as SHA-256 hashes only.
CREATE TABLE oauth_clients (
  client_id               text        PRIMARY KEY,
  tenant                  text        NOT NULL,
  client_name             text        NOT NULL,
  grant_types             text[]      NOT NULL,
  response_types          text[]      NOT NULL,
  redirect_uris           text[]      NOT NULL,
  auth_method             text        NOT NULL,
  jwks                    text,
  jwks_uri                text,
  scope                   text[]      NOT NULL,
  secret_hash             bytea,
  registration_token_hash bytea       NOT NULL,
  issued_at               timestamptz NOT NULL
);
