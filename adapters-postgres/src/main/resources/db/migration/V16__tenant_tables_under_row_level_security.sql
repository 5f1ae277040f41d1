-- Every tenant-owned table under the same row-level security as secrets and the audit log (V2): a
-- tenant-scoped statement (SET LOCAL ROLE portcullis_tenant, portcullis.tenant set) sees and writes only
-- its tenant's rows, even if it forgets its WHERE tenant = ... clause. Lookups by a globally unique id
-- (a key id, a client id, a session id) and system jobs run as the owner and check the tenant in code.
GRANT SELECT, INSERT, UPDATE, DELETE ON api_keys, oauth_clients, connection_providers, connections, connection_pending, sessions TO portcullis_tenant;

ALTER TABLE api_keys             ENABLE ROW LEVEL SECURITY;
ALTER TABLE oauth_clients        ENABLE ROW LEVEL SECURITY;
ALTER TABLE connection_providers ENABLE ROW LEVEL SECURITY;
ALTER TABLE connections          ENABLE ROW LEVEL SECURITY;
ALTER TABLE connection_pending   ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions             ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON api_keys
  USING (tenant = current_setting('portcullis.tenant', true)) WITH CHECK (tenant = current_setting('portcullis.tenant', true));
CREATE POLICY tenant_isolation ON oauth_clients
  USING (tenant = current_setting('portcullis.tenant', true)) WITH CHECK (tenant = current_setting('portcullis.tenant', true));
CREATE POLICY tenant_isolation ON connection_providers
  USING (tenant = current_setting('portcullis.tenant', true)) WITH CHECK (tenant = current_setting('portcullis.tenant', true));
CREATE POLICY tenant_isolation ON connections
  USING (tenant = current_setting('portcullis.tenant', true)) WITH CHECK (tenant = current_setting('portcullis.tenant', true));
CREATE POLICY tenant_isolation ON connection_pending
  USING (tenant = current_setting('portcullis.tenant', true)) WITH CHECK (tenant = current_setting('portcullis.tenant', true));
CREATE POLICY tenant_isolation ON sessions
  USING (tenant = current_setting('portcullis.tenant', true)) WITH CHECK (tenant = current_setting('portcullis.tenant', true));
