-- The actor is now the credential that acted (client:<id>, api-key:<id>, session:<sid>, admin); who it spoke
-- for goes beside it, and a detail (a count, the tenant a denied attempt aimed at) after. Both are part of
-- the record's hash only when set, so every record written before hashes as it did.
ALTER TABLE audit_log ADD COLUMN subject text NOT NULL DEFAULT '', ADD COLUMN detail text NOT NULL DEFAULT '';
