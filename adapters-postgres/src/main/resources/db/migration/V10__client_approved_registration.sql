-- What an administrator approved for each client: the ceiling of the client's own RFC 7592 updates
-- (ApprovedRegistration). Existing clients are approved as they are now.
ALTER TABLE oauth_clients
  ADD COLUMN approved_scope         text[],
  ADD COLUMN approved_grant_types   text[],
  ADD COLUMN approved_auth_method   text,
  ADD COLUMN approved_redirect_uris text[],
  ADD COLUMN approved_jwks_uri      text;
UPDATE oauth_clients SET approved_scope = scope, approved_grant_types = grant_types, approved_auth_method = auth_method,
                         approved_redirect_uris = redirect_uris, approved_jwks_uri = jwks_uri;
ALTER TABLE oauth_clients
  ALTER COLUMN approved_scope SET NOT NULL,
  ALTER COLUMN approved_grant_types SET NOT NULL,
  ALTER COLUMN approved_auth_method SET NOT NULL,
  ALTER COLUMN approved_redirect_uris SET NOT NULL;
