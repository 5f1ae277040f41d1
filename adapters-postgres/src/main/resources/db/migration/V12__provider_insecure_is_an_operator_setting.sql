-- Plain http to a provider is the operator's decision now (PORTCULLIS_EGRESS_ALLOW_HTTP), never a tenant's:
-- the per-provider flag goes. Providers with http endpoints keep working only where the operator allows it.
ALTER TABLE connection_providers DROP COLUMN insecure;
