-- When the upstream tokens were obtained, so renewal can wait for half their lifetime (Session.upstreamRenewalDueAt).
ALTER TABLE sessions ADD COLUMN upstream_obtained_at timestamptz;
UPDATE sessions SET upstream_obtained_at = created_at;
ALTER TABLE sessions ALTER COLUMN upstream_obtained_at SET NOT NULL;
