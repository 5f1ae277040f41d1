-- Portcullis as an OpenID provider (issue 15): the client's nonce from /oauth/authorize travels with the
-- pending login and the authorization code, to be echoed in the ID token. Printable, at most 255 characters.
ALTER TABLE session_pending ADD COLUMN client_nonce text CHECK (length(client_nonce) <= 255);
ALTER TABLE session_codes ADD COLUMN nonce text CHECK (length(nonce) <= 255);
