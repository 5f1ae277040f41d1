-- A tenant-scoped statement only ever adds to audit_pending; moving events into the chain is the linker's
-- (as the owner). Without SELECT and DELETE a tenant-scoped statement — a bug, or an injected one — cannot
-- quietly remove its tenant's events before they are chained, where verification could not see the gap.
REVOKE SELECT, DELETE ON audit_pending FROM portcullis_tenant;
