-- Secrets vault and audit log. Values are stored only as ciphertext with a wrapped data key;
-- nothing here can be decrypted without PORTCULLIS_ROOT_KEY.

CREATE TABLE key_encryption_keys (
  seq         bigserial   PRIMARY KEY,          -- order of creation: the newest is primary
  id          text        NOT NULL UNIQUE,
  wrapped_key bytea       NOT NULL,             -- Tink keyset encrypted by the root key
  created_at  timestamptz NOT NULL
);

CREATE TABLE secrets (
  id              uuid        PRIMARY KEY,
  tenant          text        NOT NULL,
  name            text        NOT NULL,
  current_version integer     NOT NULL,
  description     text        NOT NULL DEFAULT '',
  tags            text[]      NOT NULL DEFAULT '{}',
  created_by      text        NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  deleted_at      timestamptz,
  UNIQUE (tenant, name)
);
CREATE INDEX secrets_tags ON secrets USING gin (tags);
CREATE INDEX secrets_deleted_at ON secrets (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE secret_versions (
  secret_id        uuid        NOT NULL REFERENCES secrets (id) ON DELETE CASCADE,
  tenant           text        NOT NULL,
  version          integer     NOT NULL,
  ciphertext       bytea       NOT NULL,
  wrapped_data_key bytea       NOT NULL,
  kek_id           text        NOT NULL,
  created_at       timestamptz NOT NULL,
  created_by       text        NOT NULL,
  PRIMARY KEY (secret_id, version)
);
CREATE INDEX secret_versions_kek ON secret_versions (kek_id);

CREATE TABLE audit_heads (
  tenant          text   PRIMARY KEY,
  last_sequence   bigint NOT NULL,
  last_hash       text   NOT NULL,
  anchor_sequence bigint NOT NULL DEFAULT 0,   -- records up to here were removed by retention
  anchor_hash     text   NOT NULL               -- hash the first remaining record links to
);

CREATE TABLE audit_log (
  tenant         text        NOT NULL,
  sequence       bigint      NOT NULL,
  actor          text        NOT NULL,
  action         text        NOT NULL,
  target         text        NOT NULL,
  outcome        text        NOT NULL,
  request_id     text        NOT NULL,
  client_address text        NOT NULL,
  at             timestamptz NOT NULL,
  at_nanos       integer     NOT NULL,          -- the instant's nanoseconds, part of the hash
  previous_hash  text        NOT NULL,
  hash           text        NOT NULL,
  PRIMARY KEY (tenant, sequence)
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Row-level security. Tenant-scoped statements run under the non-owner role portcullis_tenant
-- (SET LOCAL ROLE) with the tenant set per transaction (portcullis.tenant); the policies then hide
-- every other tenant's rows even from a query that forgets its WHERE tenant = ... clause.
-- System jobs (re-wrap, retention) run as the owner, which RLS does not restrict.
DO $$
BEGIN
  CREATE ROLE portcullis_tenant NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
DO $$
BEGIN
  EXECUTE format('GRANT portcullis_tenant TO %I', current_user);
EXCEPTION WHEN others THEN NULL; -- superusers need no membership to SET ROLE
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON secrets, secret_versions, audit_log, audit_heads TO portcullis_tenant;
GRANT SELECT ON key_encryption_keys TO portcullis_tenant;

ALTER TABLE secrets         ENABLE ROW LEVEL SECURITY;
ALTER TABLE secret_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log       ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_heads     ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON secrets
  USING (tenant = current_setting('portcullis.tenant', true)) WITH CHECK (tenant = current_setting('portcullis.tenant', true));
CREATE POLICY tenant_isolation ON secret_versions
  USING (tenant = current_setting('portcullis.tenant', true)) WITH CHECK (tenant = current_setting('portcullis.tenant', true));
CREATE POLICY tenant_isolation ON audit_log
  USING (tenant = current_setting('portcullis.tenant', true)) WITH CHECK (tenant = current_setting('portcullis.tenant', true));
CREATE POLICY tenant_isolation ON audit_heads
  USING (tenant = current_setting('portcullis.tenant', true)) WITH CHECK (tenant = current_setting('portcullis.tenant', true));
