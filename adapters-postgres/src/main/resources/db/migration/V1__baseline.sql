-- Baseline of the Portcullis schema. The runner keeps its own bookkeeping in schema_migrations;
-- each capability adds its tables in the next versions. This one records which node installed
-- the schema, so operators can tell a fresh database from an upgraded one.
CREATE TABLE installation (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  installed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO installation DEFAULT VALUES;
