-- Single-use values (client assertion jti, authorization codes) until they expire; used when Redis
-- is not configured. Expired rows are reclaimed by the next claim of the same key or by retention.
CREATE TABLE replay_guard (
  key        text        PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX replay_guard_expires_at ON replay_guard (expires_at);
