// A second real OAuth provider for the token vault's tests: oidc-provider (the same package and
// version as ../shared/upstream-idp, whose node_modules it runs from) with the Device Authorization
// Grant (RFC 8628), client_credentials, refresh tokens, revocation and introspection enabled.
//
// The user's side of the device flow is automated through admin routes, the way oidc-provider's own
// user-code pages would complete it:
//   POST /__admin/device/approve?user_code=XXXX-XXXX[&account=alice]
//   POST /__admin/device/deny?user_code=XXXX-XXXX
//   GET  /__admin/state      request counts per endpoint
//   POST /__admin/reset      zero the counts, clear the slow_down fault
//   POST /__admin/slow-down?count=N   answer the next N device_code polls with slow_down (RFC 8628 §3.5)
//
// Environment: DEVICE_PORT (0 = any), DEVICE_CLIENT_ID / DEVICE_CLIENT_SECRET (vault / vault-secret),
// DEVICE_ACCESS_TOKEN_TTL (300), DEVICE_CODE_TTL (600), DEVICE_INTERVAL (5: the polling interval
// announced in the device authorization response). Prints "device-idp ready port=N" when listening.

import crypto from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const env = process.env;
const num = (name, fallback) => (env[name] ? Number.parseInt(env[name], 10) : fallback);
const CLIENT_ID = env.DEVICE_CLIENT_ID || 'vault';
const CLIENT_SECRET = env.DEVICE_CLIENT_SECRET || 'vault-secret';
const INTERVAL = num('DEVICE_INTERVAL', 5);
const counts = {};
let slowDowns = 0;

const accounts = {
  alice: { email: 'alice@example.com', email_verified: true, name: 'Alice Example' },
  bob: { email: 'bob@example.com', email_verified: true, name: 'Bob Example' },
};

const store = new Map();
const userCodes = new Map();
class MemoryAdapter {
  constructor(model) { this.model = model; }
  key(id) { return `${this.model}:${id}`; }
  async upsert(id, payload, expiresIn) {
    store.set(this.key(id), { payload: structuredClone(payload), expiresAt: Date.now() + (expiresIn ?? 3600) * 1000 });
    if (payload.userCode) userCodes.set(payload.userCode, id);
  }
  async find(id) {
    const entry = store.get(this.key(id));
    if (!entry || entry.expiresAt < Date.now()) return undefined;
    return structuredClone(entry.payload);
  }
  async findByUserCode(userCode) { const id = userCodes.get(userCode); return id ? this.find(id) : undefined; }
  async findByUid() { return undefined; }
  async consume(id) { const entry = store.get(this.key(id)); if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000); }
  async destroy(id) { store.delete(this.key(id)); }
  async revokeByGrantId(grantId) {
    for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
  }
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname.startsWith('/__admin/')) {
    try {
      await admin(url, res);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(e.message || e) }));
    }
    return;
  }
  const endpoint = url.pathname.replace(/^\/+/, '').replace(/\//g, '_') || 'root';
  counts[endpoint] = (counts[endpoint] || 0) + 1;
  handler(req, res);
});

async function admin(url, res) {
  const json = (status, body) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
  const action = url.pathname.slice('/__admin/'.length);
  if (action === 'state') return json(200, { requests: counts });
  if (action === 'health') return json(200, { status: 'ok' });
  if (action === 'reset') { for (const k of Object.keys(counts)) delete counts[k]; slowDowns = 0; return json(200, { reset: true }); }
  if (action === 'slow-down') { slowDowns = Number(url.searchParams.get('count') || 1); return json(200, { slowDowns }); }
  const userCode = (url.searchParams.get('user_code') || '').replace(/[^A-Za-z]/g, '').toUpperCase();
  const code = await provider.DeviceCode.findByUserCode(userCode, { ignoreExpiration: true });
  if (!code) return json(404, { error: 'unknown user_code' });
  if (action === 'device/deny') {
    code.error = 'access_denied';
    code.errorDescription = 'the user denied the request';
    await code.save();
    return json(200, { denied: true });
  }
  if (action === 'device/approve') {
    const accountId = url.searchParams.get('account') || 'alice';
    const grant = new provider.Grant({ accountId, clientId: code.clientId });
    if (code.scope) grant.addOIDCScope(code.scope);
    code.grantId = await grant.save();
    code.accountId = accountId;
    code.authTime = Math.floor(Date.now() / 1000);
    await code.save();
    return json(200, { approved: true });
  }
  return json(404, { error: 'unknown admin route' });
}

let provider;
let handler;
server.listen(num('DEVICE_PORT', 0), '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  provider = new Provider(issuer, {
    adapter: MemoryAdapter,
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'client_credentials', 'refresh_token'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'openid profile email offline_access api:read',
    }],
    async findAccount(ctx, sub) {
      return accounts[sub] ? { accountId: sub, async claims() { return { sub, ...accounts[sub] }; } } : undefined;
    },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'api:read'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
    },
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: num('DEVICE_ACCESS_TOKEN_TTL', 300),
      ClientCredentials: num('DEVICE_ACCESS_TOKEN_TTL', 300),
      DeviceCode: num('DEVICE_CODE_TTL', 600),
      Grant: 86400,
      IdToken: 3600,
      RefreshToken: 86400,
    },
    async renderError(ctx, out) { ctx.type = 'json'; ctx.body = out; },
  });
  provider.use(async (ctx, next) => {
    if (ctx.path === '/token' && slowDowns > 0) {
      const body = await new Promise((resolve) => { let d = ''; ctx.req.on('data', (c) => { d += c; }); ctx.req.on('end', () => resolve(d)); });
      if (new URLSearchParams(body).get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code') {
        slowDowns -= 1;
        ctx.status = 400;
        ctx.body = { error: 'slow_down', error_description: 'polling too fast (injected)' };
        return undefined;
      }
      ctx.req.body = Object.fromEntries(new URLSearchParams(body)); // already read: hand the form on
    }
    await next();
    if (ctx.path === '/device/auth' && ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
      ctx.body = { ...ctx.body, interval: INTERVAL };
    }
    return undefined;
  });
  handler = provider.callback();
  console.log(`device-idp ready port=${port}`);
});
