-- Public halves and schedule of the platform signing keys. The private halves are secrets of the
-- reserved tenant 'system' in the vault (secrets/secret_versions), envelope-encrypted like any other.
CREATE TABLE signing_keys (
  kid         text        PRIMARY KEY,   -- RFC 7638 thumbprint
  algorithm   text        NOT NULL,
  public_jwk  text        NOT NULL,
  created_at  timestamptz NOT NULL,      -- published from here
  active_from timestamptz NOT NULL,      -- signs from here
  retired_at  timestamptz                -- stops signing here; published until retired_at + max token lifetime
);
