-- API keys now end in a checksum tag (KeyChecksums), so a made-up key is refused without a lookup. The keys
-- issued before that have no tag: their ids are kept here, and only they are looked up without one.
CREATE TABLE api_keys_without_checksum (id text PRIMARY KEY);
INSERT INTO api_keys_without_checksum (id) SELECT key_id FROM api_keys;
