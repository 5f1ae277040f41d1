-- A provider's own refresh buffer (issue 15): how long before expiry its connections' tokens are renewed.
-- NULL: the deployment's PORTCULLIS_CONNECT_REFRESH_BUFFER_SECONDS.
ALTER TABLE connection_providers ADD COLUMN refresh_buffer_seconds integer CHECK (refresh_buffer_seconds BETWEEN 0 AND 3600);
