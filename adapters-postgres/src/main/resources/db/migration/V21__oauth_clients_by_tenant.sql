-- A tenant's clients, newest first: the admin API's listing (GET /v1/tenants/{tenant}/clients) and the console's Clients page.
CREATE INDEX oauth_clients_by_tenant ON oauth_clients (tenant, issued_at DESC, client_id);
