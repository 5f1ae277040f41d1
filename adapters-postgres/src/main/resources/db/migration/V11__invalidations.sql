-- The durable invalidation log (InvalidationLog): cache invalidations and revocations every node reads
-- on a short interval, so a change committed while Redis is down still reaches every node. "at" is the
-- writing transaction's start time; readers re-read an overlap to see rows of transactions that
-- committed late.
CREATE TABLE invalidations (
  seq   bigserial   PRIMARY KEY,
  topic text        NOT NULL,
  key   text        NOT NULL,
  until timestamptz NOT NULL,
  at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invalidations_at ON invalidations (at);
CREATE INDEX invalidations_until ON invalidations (until);
-- A tenant-scoped transaction (SET LOCAL ROLE portcullis_tenant) may announce what it changed.
GRANT SELECT, INSERT ON invalidations TO portcullis_tenant;
GRANT USAGE ON SEQUENCE invalidations_seq_seq TO portcullis_tenant;
