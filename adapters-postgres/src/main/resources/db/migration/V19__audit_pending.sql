-- Audited changes no longer hold their tenant's chain head (issue 14). A change's audit event commits in
-- the change's own transaction into audit_pending, which takes no lock but the row's own; right after the
-- commit, before the request is answered, PgAuditLog links every pending event of the tenant into its chain
-- (audit_log, audit_heads) in one short transaction per batch. An event whose process died between the two
-- commits stays here and is linked by the next link of that tenant, its next verification or the retention job.
CREATE TABLE audit_pending (
  id             bigserial   PRIMARY KEY,
  tenant         text        NOT NULL,
  actor          text        NOT NULL,
  action         text        NOT NULL,
  target         text        NOT NULL,
  outcome        text        NOT NULL,
  request_id     text        NOT NULL,
  client_address text        NOT NULL,
  at             timestamptz NOT NULL,
  at_nanos       integer     NOT NULL,
  subject        text        NOT NULL,
  detail         text        NOT NULL
);
CREATE INDEX audit_pending_tenant ON audit_pending (tenant, id);

GRANT SELECT, INSERT, DELETE ON audit_pending TO portcullis_tenant;
GRANT USAGE ON SEQUENCE audit_pending_id_seq TO portcullis_tenant;
ALTER TABLE audit_pending ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_pending
  USING (tenant = current_setting('portcullis.tenant', true)) WITH CHECK (tenant = current_setting('portcullis.tenant', true));
