-- One-time data migrations that need the application (re-sealing stored values under a new binding), by
-- name, once they ran to completion: BindSealedValuesToTenants records itself here, after which the old
-- row-only binding of provider and connection values is never accepted again.
CREATE TABLE data_migrations (
  name    text        PRIMARY KEY,
  done_at timestamptz NOT NULL DEFAULT now()
);
