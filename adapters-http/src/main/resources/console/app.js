// Portcullis console: one ES module, no framework, no build step, nothing loaded from elsewhere.
// Every action calls the HTTP API through /console/api (the server adds the signed-in operator's
// credential); this page never sees a credential of its own, and keeps nothing in web storage.
// DOM is built with textContent only: nothing the API returns is ever parsed as HTML.

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const statusBox = document.getElementById('status');
let me = null;       // { principal, csrf_token, expires_at } while signed in
let csrf = null;     // the session's CSRF token, in memory only
let providerSignIn = null; // where to start "sign in with the identity provider", when the server offers it

// ---------- DOM helpers ----------
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const pill = (text) => h('span', { class: 'pill ' + String(text).replace(/[^a-z_]/g, '') }, text);
const when = (iso) => iso ? new Date(iso).toLocaleString() : '—';
function table(headers, rows, empty) {
  if (!rows.length) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'scroll' }, h('table', {},
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
}
function field(label, input) { return h('label', {}, label, input); }
function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}
function say(text, kind = 'ok') {
  statusBox.replaceChildren(h('div', { class: 'msg ' + kind }, text));
}
function clearSay() { statusBox.replaceChildren(); }
/** A value the API shows once: displayed here, with a reminder that it will not be shown again. */
function shownOnce(title, pairs) {
  return h('div', { class: 'once', role: 'region', 'aria-label': title },
    h('strong', {}, title + ' — shown once. Copy it now; Portcullis keeps only a hash or a sealed copy and cannot show it again.'),
    pairs.map(([k, v]) => [h('div', {}, k), h('code', { 'data-once': k }, v)]));
}
/** A destructive button: the first click arms it, the second (within 5 s) acts. */
function confirmButton(label, action) {
  let armed = false;
  let timer;
  const b = h('button', { type: 'button', class: 'danger', onclick: async () => {
    if (!armed) {
      armed = true;
      b.textContent = 'Confirm: ' + label.toLowerCase();
      b.className = 'confirming';
      timer = setTimeout(() => { armed = false; b.textContent = label; b.className = 'danger'; }, 5000);
      return;
    }
    clearTimeout(timer);
    b.disabled = true;
    try { await action(); } finally { b.disabled = false; }
  } }, label);
  return b;
}
/** Previous/next buttons for an API listing's {@code pagination}; {@code show(page)} renders that page. */
function pager(p, what, show, back, forward) {
  const failing = (page) => () => show(page).catch((e) => say(e.message, 'error'));
  return h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'quiet', disabled: p.page <= 1, onclick: failing(p.page - 1) }, back),
    h('span', {}, 'Page ' + p.page + ' of ' + Math.max(1, p.total_pages) + ' (' + p.total + ' ' + what + ')'),
    h('button', { type: 'button', class: 'quiet', disabled: p.page >= p.total_pages, onclick: failing(p.page + 1) }, forward));
}
function tagged(el, name, value) { el.dataset[name] = value; return el; }
function busy(form, fn) {
  return async (e) => {
    e.preventDefault();
    const button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    try { await fn(new FormData(form)); } finally { if (button) button.disabled = false; }
  };
}

// ---------- the API ----------
class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}
function errorText(status, body) {
  if (body && typeof body.error === 'object' && body.error.message) return body.error.message;
  if (body && typeof body.error === 'string') return body.error + (body.error_description ? ': ' + body.error_description : '');
  return 'the request failed (HTTP ' + status + ')';
}
async function call(method, url, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'Portcullis did not answer; check that it is running');
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  return { status: response.status, ok: response.ok, body: json };
}
/** Calls the API through the console's gateway; throws ApiError with the API's own words on failure. */
async function api(method, path, body) {
  const r = await call(method, '/console/api' + path, body);
  if (r.status === 401 && path !== '/health/ready') {
    me = null; csrf = null;
    render();
    throw new ApiError(401, 'Your console session ended; sign in again.');
  }
  if (!r.ok) throw new ApiError(r.status, errorText(r.status, r.body));
  return r.body;
}
const enc = encodeURIComponent;
const tenantPath = (t, rest) => '/v1/tenants/' + enc(t) + rest;

// ---------- routing ----------
const tenantPages = [
  ['clients', 'Clients'], ['api-keys', 'API keys'], ['secrets', 'Secrets'], ['audit', 'Audit log'],
  ['connections', 'Connections'], ['sessions', 'Sessions'],
];
function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 't' && parts[1]) return { page: parts[2] || 'secrets', tenant: parts[1] };
  if (parts[0] === 'platform') return { page: 'platform' };
  return { page: me && me.principal.admin ? 'platform' : 'secrets', tenant: me && !me.principal.admin ? me.principal.tenant : null };
}
function go(hash) { if (location.hash === hash) render(); else location.hash = hash; }
window.addEventListener('hashchange', () => { clearSay(); render(); });

function renderChrome(r) {
  nav.replaceChildren();
  who.replaceChildren();
  if (!me) return;
  const p = me.principal;
  if (p.admin) nav.append(h('a', { href: '#/platform', 'aria-current': r.page === 'platform' ? 'page' : null }, 'Platform'));
  const tenant = r.tenant || (p.admin ? '' : p.tenant);
  const form = h('form', { role: 'search', 'aria-label': 'Choose a tenant' });
  const input = h('input', { name: 'tenant', value: tenant, placeholder: 'tenant', 'aria-label': 'Tenant', required: true, pattern: '[A-Za-z0-9._-]{1,64}' });
  form.append(input, h('button', { type: 'submit', class: 'quiet' }, 'Open'));
  form.addEventListener('submit', (e) => { e.preventDefault(); go('#/t/' + enc(input.value.trim()) + '/' + (r.tenant ? r.page : 'secrets')); });
  if (p.admin) nav.append(form);
  if (tenant) {
    for (const [id, label] of tenantPages) {
      nav.append(h('a', { href: '#/t/' + enc(tenant) + '/' + id, 'aria-current': r.tenant && r.page === id ? 'page' : null }, label));
    }
  }
  who.append(h('span', {}, (p.admin ? 'platform admin' : p.credential + ' · ' + p.tenant) + (p.subject && p.subject !== 'admin' && p.admin ? ' · ' + p.subject : '')),
    h('button', { type: 'button', class: 'quiet', id: 'sign-out', onclick: signOut }, 'Sign out'));
}

// Each render is one generation; a page still loading when another is asked for must not draw over it.
let generation = 0;
/** Where the page being rendered now draws: what it draws after another render began is dropped. */
function view() {
  const mine = generation;
  return { replaceChildren: (...nodes) => { if (mine === generation) main.replaceChildren(...nodes); } };
}

async function render() {
  const mine = ++generation;
  const r = route();
  renderChrome(r);
  if (!me) { signInPage(); return; }
  const pages = { platform, clients, 'api-keys': apiKeys, secrets, audit, connections, sessions };
  const page = pages[r.page];
  main.replaceChildren(h('p', {}, 'Loading…'));
  try {
    if (!page) throw new ApiError(404, 'There is no such page; pick one from the menu.');
    await page(r.tenant);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401 && !me) return;
    if (mine === generation) main.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', { class: 'msg error' }, e.message));
  }
  if (mine !== generation) return;
  window.scrollTo(0, 0);
  main.focus({ preventScroll: true });
}

// ---------- sign in / out ----------
function signInPage() {
  const form = h('form', { class: 'stack', id: 'sign-in' });
  const token = h('input', { type: 'password', name: 'token', id: 'token', autocomplete: 'off', required: true, spellcheck: 'false' });
  form.append(
    field('Admin token (printed by ./portcullis dev) or one of Portcullis\'s access tokens', token),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', busy(form, async () => {
    const r = await call('POST', '/console/session', { token: token.value });
    token.value = '';
    if (!r.ok) { say(r.status === 429 ? 'Too many failed attempts; wait a little and try again.' : errorText(r.status, r.body), 'error'); return; }
    me = r.body; csrf = me.csrf_token;
    clearSay();
    go(me.principal.admin ? '#/platform' : '#/t/' + enc(me.principal.tenant) + '/secrets');
  }));
  const problem = new URLSearchParams(location.search).get('signin_error');
  const words = {
    not_permitted: 'Your account signed in at the identity provider, but it is in no group that may operate Portcullis. Ask an administrator.',
    login_failed: 'The identity provider did not sign you in. Try again.',
    unavailable: 'The identity provider cannot be reached. Try again shortly.',
    expired: 'That sign-in took too long or began in another browser. Try again.',
  };
  if (problem) {
    say(Object.hasOwn(words, problem) ? words[problem] : 'The sign-in did not complete. Try again.', 'error');
    history.replaceState(null, '', '/console/');
  }
  main.replaceChildren(h('h1', {}, 'Sign in'),
    providerSignIn ? h('p', {}, h('a', { class: 'button', id: 'provider-sign-in', href: providerSignIn }, 'Sign in with your identity provider')) : '',
    providerSignIn ? h('p', {}, 'Or with a token:') : '',
    h('p', {}, 'The token is exchanged for a session held by Portcullis; it is not kept in this browser.'), form);
  token.focus();
}
async function signOut() {
  await call('DELETE', '/console/session');
  me = null; csrf = null;
  say('Signed out.');
  history.replaceState(null, '', '/console/');
  render();
}

// ---------- platform ----------
async function platform() {
  const main = view();
  // the platform's own gate first: a refusal then always reads the same, whichever of the other calls would have failed first
  const info = await api('GET', '/v1/admin/info');
  const [ready, keys, root] = await Promise.all([
    call('GET', '/console/api/health/ready').then((r) => r.body), api('GET', '/v1/admin/signing-keys'), api('GET', '/v1/admin/root-key/status'),
  ]);
  const rotateKey = h('button', { type: 'button', id: 'rotate-signing-key', onclick: async () => {
    try {
      await api('POST', '/v1/admin/signing-keys/rotate');
      say('A new signing key is published; it signs after the overlap period.');
      await render();
    } catch (e) { say(e.message, 'error'); }
  } }, 'Rotate signing key');
  const progress = h('div', { id: 'rewrap' }, rewrapText(root));
  const rotateRoot = confirmButton('Rotate root key', async () => {
    try {
      await api('POST', '/v1/admin/root-key/rotate');
      say('A new key-encryption key is primary; data keys are being re-wrapped.');
      await pollRewrap(progress);
    } catch (e) { say(e.message, 'error'); }
  });
  rotateRoot.id = 'rotate-root-key';
  main.replaceChildren(
    h('h1', {}, 'Platform'),
    facts([['Version', info.version], ['Mode', info.mode], ['Issuer', info.issuer]]),
    h('section', {}, h('h2', {}, 'Health'),
      h('p', {}, 'Readiness: ', pill(ready ? ready.status : 'unknown'), ' ', ready ? ready.detail : ''),
      table(['Dependency', 'Status', 'Required', 'Latency', 'Detail'], (ready ? ready.checks : []).map((c) =>
        [c.name, pill(c.status), c.required ? 'yes' : 'no', c.latency_ms == null ? '—' : c.latency_ms.toFixed(1) + ' ms', c.detail]), 'No dependencies are configured.'),
      h('h2', {}, 'Features'),
      table(['Feature', 'State', 'Detail'], info.features.map((f) => [f.name, pill(f.state), f.detail]), 'No optional features.')),
    h('section', {}, h('h2', {}, 'Signing keys'),
      table(['Key id', 'State', 'Algorithm', 'Created', 'Signs from', 'Retires'], keys.data.map((k) =>
        [h('code', {}, k.kid), pill(keyState(k)), k.alg, when(k.created_at), when(k.active_from), k.retired_at ? when(k.retired_at) : '—']), 'No signing keys.'),
      rotateKey),
    h('section', {}, h('h2', {}, 'Root key'),
      facts([['Provider', root.root_key ? root.root_key.provider : '—'], ['Primary key-encryption key', root.primary_kek]]),
      progress, rotateRoot));
}
/** current: signs now; next: published, signs from its start; retired: still verifies the tokens it signed, signs no more. */
function keyState(k) {
  const now = Date.now();
  if (k.retired_at && Date.parse(k.retired_at) <= now) return 'retired';
  return Date.parse(k.active_from) > now ? 'next' : 'current';
}
function rewrapText(root) {
  const w = root.rewrap || {};
  const bar = h('progress', { max: String(w.total || 1), value: String(w.done || 0), 'aria-label': 'Data keys re-wrapped' });
  return h('p', {}, 'Re-wrap: ', pill(w.state || 'unknown'), ' ', bar, ' ', (w.done ?? 0) + ' of ' + (w.total ?? 0) + ' data keys');
}
async function pollRewrap(box) {
  for (let i = 0; i < 120; i++) {
    const root = await api('GET', '/v1/admin/root-key/status');
    box.replaceChildren(rewrapText(root));
    if (!root.rewrap || root.rewrap.state === 'complete') { say('Every data key is wrapped by the new root key.'); return; }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// ---------- clients ----------
async function clients(tenant, query = { page: 1 }) {
  const main = view();
  const list = await api('GET', tenantPath(tenant, '/clients?page=' + query.page + '&per_page=20'));
  const out = h('div', { id: 'client-result' });
  const edit = h('div', { id: 'client-edit' });
  const form = h('form', { class: 'stack', id: 'register-client' });
  form.append(
    field('Name', h('input', { name: 'client_name', required: true, maxlength: 200 })),
    field('Client authentication', h('select', { name: 'auth' },
      h('option', { value: 'client_secret_basic' }, 'client secret (HTTP Basic)'),
      h('option', { value: 'client_secret_post' }, 'client secret (form post)'))),
    field('Scopes (space separated)', h('input', { name: 'scope', placeholder: 'secrets:read' })),
    h('button', { type: 'submit' }, 'Register client'));
  form.addEventListener('submit', busy(form, async (data) => {
    try {
      const c = await api('POST', '/oauth/register', { client_name: data.get('client_name'), grant_types: ['client_credentials'],
        token_endpoint_auth_method: data.get('auth'), scope: data.get('scope') || undefined, tenant });
      await clients(tenant, query);
      document.getElementById('client-result').replaceChildren(shownOnce('Client ' + c.client_name,
        [['client_id', c.client_id], ['client_secret', c.client_secret], ['registration_access_token', c.registration_access_token]]));
      say('Client registered.');
    } catch (e) { say(e.message, 'error'); }
  }));
  const rows = list.data.map((c) => [c.client_name, h('code', {}, c.client_id), c.grant_types.join(' '), c.token_endpoint_auth_method, c.scope || '—',
    when(c.client_id_issued_at * 1000),
    h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'quiet', 'data-edit': c.client_id, onclick: () => editClient(tenant, c, edit, query) }, 'Edit'),
      tagged(confirmButton('Delete', async () => {
        try { await api('DELETE', '/oauth/register/' + enc(c.client_id)); await clients(tenant, query); say('Client ' + c.client_name + ' deleted; its tokens stop working.'); } catch (e) { say(e.message, 'error'); }
      }), 'delete', c.client_id))]);
  const p = list.pagination;
  main.replaceChildren(h('h1', {}, 'OAuth clients of ' + tenant),
    table(['Name', 'Client id', 'Grants', 'Authentication', 'Scopes', 'Registered', ''], rows, 'No clients yet: register one below.'),
    list.data.length ? pager(p, 'clients', (page) => clients(tenant, { page }), 'Newer', 'Older') : '',
    edit, out,
    h('h2', {}, 'Register a client'), h('p', {}, 'A client_credentials client of this tenant (RFC 7591). Its secret is shown once.'), form);
}
/** Change a client's name and scopes: RFC 7592 replaces the whole metadata, so the rest goes back as it was. */
function editClient(tenant, c, box, query) {
  const form = h('form', { class: 'stack', id: 'edit-client' });
  form.append(
    field('Name', h('input', { name: 'client_name', required: true, maxlength: 200, value: c.client_name })),
    field('Scopes (space separated)', h('input', { name: 'scope', value: c.scope || '' })),
    h('div', { class: 'row-actions' }, h('button', { type: 'submit' }, 'Save changes'),
      h('button', { type: 'button', class: 'quiet', onclick: () => box.replaceChildren() }, 'Cancel')));
  form.addEventListener('submit', busy(form, async (d) => {
    const body = { client_id: c.client_id, client_name: d.get('client_name'), grant_types: c.grant_types, response_types: c.response_types,
      redirect_uris: c.redirect_uris, token_endpoint_auth_method: c.token_endpoint_auth_method, scope: d.get('scope'), tenant: c.tenant };
    if (c.jwks) body.jwks = c.jwks;
    if (c.jwks_uri) body.jwks_uri = c.jwks_uri;
    try { await api('PUT', '/oauth/register/' + enc(c.client_id), body); await clients(tenant, query); say('Client ' + d.get('client_name') + ' saved.'); } catch (e) { say(e.message, 'error'); }
  }));
  box.replaceChildren(h('h2', {}, 'Edit ' + c.client_name), form);
  form.querySelector('input').focus();
}

// ---------- API keys ----------
async function apiKeys(tenant) {
  const main = view();
  const list = await api('GET', tenantPath(tenant, '/api-keys'));
  const out = h('div', { id: 'key-result' });
  const form = h('form', { class: 'stack', id: 'create-key' });
  form.append(
    field('Name', h('input', { name: 'name', required: true, maxlength: 200 })),
    field('Acts as (subject)', h('input', { name: 'subject', required: true, maxlength: 200 })),
    field('Scopes (space separated)', h('input', { name: 'scopes', placeholder: 'secrets:read' })),
    h('button', { type: 'submit' }, 'Create API key'));
  form.addEventListener('submit', busy(form, async (data) => {
    try {
      const k = await api('POST', tenantPath(tenant, '/api-keys'), { name: data.get('name'), identity: { subject: data.get('subject') },
        scopes: String(data.get('scopes') || '').split(/\s+/).filter(Boolean) });
      await apiKeys(tenant);
      document.getElementById('key-result').replaceChildren(shownOnce('API key ' + k.name, [['key', k.key]]));
      say('API key created.');
    } catch (e) { say(e.message, 'error'); }
  }));
  const rows = list.items.map((k) => [k.name, h('code', {}, k.id), k.scopes.join(' ') || '—', k.identity ? k.identity.subject : '—',
    when(k.created_at), when(k.last_used_at), k.expires_at ? when(k.expires_at) : 'never', pill(k.revoked ? 'revoked' : 'active'),
    k.revoked ? '' : h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'quiet', 'data-rotate': k.id, onclick: async () => {
        try {
          const n = await api('POST', tenantPath(tenant, '/api-keys/' + enc(k.id) + '/rotate'), {});
          await apiKeys(tenant);
          document.getElementById('key-result').replaceChildren(shownOnce('Successor of ' + k.name, [['key', n.key]]));
          say('Rotated: the old key keeps working for the grace period.');
        } catch (e) { say(e.message, 'error'); }
      } }, 'Rotate'),
      tagged(confirmButton('Revoke', async () => {
        try { await api('DELETE', tenantPath(tenant, '/api-keys/' + enc(k.id))); await apiKeys(tenant); say('API key ' + k.name + ' revoked on every node.'); } catch (e) { say(e.message, 'error'); }
      }), 'revoke', k.id))]);
  main.replaceChildren(h('h1', {}, 'API keys of ' + tenant),
    table(['Name', 'Id', 'Scopes', 'Acts as', 'Created', 'Last used', 'Expires', 'Status', ''], rows, 'No API keys yet: create one below.'),
    out, h('h2', {}, 'Create an API key'), form);
}

// ---------- secrets ----------
async function secrets(tenant, query = { search: '', page: 1 }) {
  const main = view();
  const q = new URLSearchParams({ page: String(query.page), per_page: '20' });
  if (query.search) q.set('search', query.search);
  const list = await api('GET', tenantPath(tenant, '/secrets?' + q));
  const detail = h('div', { id: 'secret-detail' });
  const search = h('form', { class: 'inline', role: 'search', id: 'search-secrets' });
  const term = h('input', { name: 'search', value: query.search, 'aria-label': 'Search secrets' });
  search.append(field('Search by name', term), h('button', { type: 'submit', class: 'quiet' }, 'Search'));
  search.addEventListener('submit', (e) => { e.preventDefault(); secrets(tenant, { search: term.value.trim(), page: 1 }).catch((x) => say(x.message, 'error')); });
  const rows = list.data.map((s) => [h('button', { type: 'button', class: 'quiet', 'data-secret': s.name, onclick: () => showSecret(tenant, s.name, detail) }, s.name),
    'v' + s.version, s.metadata.description || '', (s.metadata.tags || []).join(', '), when(s.updated_at)]);
  const p = list.pagination;
  const form = h('form', { class: 'stack', id: 'save-secret' });
  form.append(
    field('Name', h('input', { name: 'name', required: true, maxlength: 256 })),
    field('Value', h('textarea', { name: 'value', required: true, autocomplete: 'off', spellcheck: 'false' })),
    field('Description', h('input', { name: 'description', maxlength: 1000 })),
    h('button', { type: 'submit' }, 'Save secret'));
  form.addEventListener('submit', busy(form, async (data) => {
    try {
      const body = { value: data.get('value') };
      if (data.get('description')) body.description = data.get('description');
      const s = await api('PUT', tenantPath(tenant, '/secrets/' + enc(data.get('name'))), body);
      form.reset();
      await secrets(tenant, query);
      say('Saved ' + s.name + ' as version ' + s.version + '.');
    } catch (e) { say(e.message, 'error'); }
  }));
  const restore = h('form', { class: 'inline', id: 'restore-secret' });
  const restoreName = h('input', { name: 'name', required: true, 'aria-label': 'Name of a deleted secret' });
  restore.append(field('Restore a deleted secret', restoreName), h('button', { type: 'submit', class: 'quiet' }, 'Restore'));
  restore.addEventListener('submit', busy(restore, async () => {
    try { await api('POST', tenantPath(tenant, '/secrets/' + enc(restoreName.value.trim()) + '/restore'), {}); await secrets(tenant, query); say('Restored.'); } catch (e) { say(e.message, 'error'); }
  }));
  main.replaceChildren(h('h1', {}, 'Secrets of ' + tenant), search,
    table(['Name', 'Version', 'Description', 'Tags', 'Updated'], rows, query.search ? 'No secret matches "' + query.search + '".' : 'No secrets yet: save one below.'),
    list.data.length ? pager(p, 'secrets', (page) => secrets(tenant, { ...query, page }), 'Previous', 'Next') : '', detail, h('h2', {}, 'Save a secret (a new name, or the next version of one)'), form, h('h2', {}, 'Restore'), restore);
}
async function showSecret(tenant, name, box) {
  try {
    const versions = await api('GET', tenantPath(tenant, '/secrets/' + enc(name) + '/versions'));
    const value = h('div', { id: 'secret-value' });
    const reveal = h('button', { type: 'button', id: 'reveal', onclick: async () => {
      try {
        const s = await api('GET', tenantPath(tenant, '/secrets/' + enc(name)));
        value.replaceChildren(h('p', {}, 'Value of version ' + s.version + ' (this reveal is in the audit log):'), h('pre', { class: 'value' }, s.value),
          h('button', { type: 'button', class: 'quiet', onclick: () => value.replaceChildren() }, 'Hide'));
      } catch (e) { say(e.message, 'error'); }
    } }, 'Reveal value');
    const del = confirmButton('Delete', async () => {
      try { await api('DELETE', tenantPath(tenant, '/secrets/' + enc(name))); await secrets(tenant); say(name + ' deleted; it can be restored within the retention period.'); } catch (e) { say(e.message, 'error'); }
    });
    const actions = [reveal, del];
    if (me.principal.admin) {
      actions.push(confirmButton('Purge for good', async () => {
        try { await api('DELETE', tenantPath(tenant, '/secrets/' + enc(name) + '?purge=true')); await secrets(tenant); say(name + ' purged: every version is gone.'); } catch (e) { say(e.message, 'error'); }
      }));
    }
    box.replaceChildren(h('h2', {}, name), h('div', { class: 'row-actions' }, actions), value,
      table(['Version', 'Created', 'By'], versions.data.map((v) => ['v' + v.version, when(v.created_at), v.created_by]), 'No versions.'));
    box.querySelector('h2').scrollIntoView();
  } catch (e) { say(e.message, 'error'); }
}

// ---------- audit ----------
async function audit(tenant, query = { page: 1 }) {
  const main = view();
  const q = new URLSearchParams({ page: String(query.page), per_page: '50' });
  for (const k of ['action', 'actor', 'outcome', 'from', 'to']) if (query[k]) q.set(k, query[k]);
  const list = await api('GET', tenantPath(tenant, '/audit?' + q));
  const form = h('form', { class: 'inline', id: 'audit-filter' });
  const local = (iso) => iso ? iso.slice(0, 16) : '';
  form.append(
    field('Action', h('input', { name: 'action', value: query.action || '', placeholder: 'secret.read', size: 14 })),
    field('Actor', h('input', { name: 'actor', value: query.actor || '', placeholder: 'admin', size: 14 })),
    field('Outcome', h('select', { name: 'outcome' }, ['', 'success', 'denied', 'failure'].map((o) => h('option', { value: o, selected: query.outcome === o }, o || 'any')))),
    field('From', h('input', { type: 'datetime-local', name: 'from', value: local(query.from) })),
    field('To', h('input', { type: 'datetime-local', name: 'to', value: local(query.to) })),
    h('button', { type: 'submit', class: 'quiet' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const iso = (v) => v ? new Date(v).toISOString() : '';
    audit(tenant, { page: 1, action: d.get('action').trim(), actor: d.get('actor').trim(), outcome: d.get('outcome'), from: iso(d.get('from')), to: iso(d.get('to')) })
      .catch((x) => say(x.message, 'error'));
  });
  const verdict = h('div', { id: 'verify-result' });
  const verify = h('button', { type: 'button', id: 'verify-chain', onclick: async () => {
    try {
      const v = await api('GET', tenantPath(tenant, '/audit/verify'));
      verdict.replaceChildren(v.valid
        ? h('p', { class: 'msg ok' }, 'The chain is intact: ' + v.checked + ' records checked.')
        : h('p', { class: 'msg error' }, 'The chain is BROKEN' + (v.first_broken_sequence != null ? ' at record ' + v.first_broken_sequence : '') + ': a record does not match its hash; ' + v.checked + ' records checked.'));
    } catch (e) { say(e.message, 'error'); }
  } }, 'Verify the chain');
  const p = list.pagination;
  const rows = list.data.map((r) => [String(r.sequence), when(r.at), r.actor, r.action, r.target, pill(r.outcome), r.detail || '', r.client_address || '']);
  main.replaceChildren(h('h1', {}, 'Audit log of ' + tenant), h('div', { class: 'row-actions' }, verify), verdict, form,
    table(['#', 'When', 'Actor', 'Action', 'Target', 'Outcome', 'Detail', 'From'], rows, 'No audit records match.'),
    pager(p, 'records', (page) => audit(tenant, { ...query, page }), 'Newer', 'Older'));
}

// ---------- providers and connections ----------
async function connections(tenant) {
  const main = view();
  const [providers, conns] = await Promise.all([api('GET', tenantPath(tenant, '/providers')), api('GET', tenantPath(tenant, '/connections'))]);
  const back = new URLSearchParams(location.search);
  const returned = back.get('connection_id') || back.get('error');
  if (returned) {
    // only an OAuth error code is shown (RFC 6749 §4.1.2.1: a short code), never free text from the URL, which anyone can craft
    const code = /^[a-z_]{1,40}$/.test(back.get('error') || '') ? ' (' + back.get('error') + ')' : '';
    const id = /^[A-Za-z0-9_-]{1,64}$/.test(back.get('connection_id') || '') ? back.get('connection_id') : null;
    say(id ? 'Connected: connection ' + id + ' is stored.' : 'The connection was not made' + code + '.', id ? 'ok' : 'error');
    history.replaceState(null, '', '/console/' + location.hash);
  }
  // where the provider's answer comes back: the console itself, told which tenant's page to show (registered with the provider)
  const returnUrl = location.origin + '/console/?tenant=' + enc(tenant);
  const pform = h('form', { class: 'stack', id: 'register-provider' });
  pform.append(
    field('Name', h('input', { name: 'name', required: true, maxlength: 200 })),
    field('Issuer (discovery)', h('input', { name: 'issuer', type: 'url', required: true })),
    field('Client id at the provider', h('input', { name: 'client_id', required: true })),
    field('Client secret', h('input', { name: 'client_secret', type: 'password', autocomplete: 'off' })),
    field('Scopes (space separated)', h('input', { name: 'scopes', value: 'openid offline_access' })),
    h('button', { type: 'submit' }, 'Register provider'));
  pform.addEventListener('submit', busy(pform, async (d) => {
    try {
      const body = { name: d.get('name'), issuer: d.get('issuer'), client_id: d.get('client_id'), scopes: String(d.get('scopes')).split(/\s+/).filter(Boolean),
        grant_types: ['authorization_code', 'refresh_token'], return_urls: [returnUrl] };
      if (d.get('client_secret')) body.client_secret = d.get('client_secret');
      await api('POST', tenantPath(tenant, '/providers'), body);
      await connections(tenant);
      say('Provider registered; register its redirect URI (in the table) at the provider.');
    } catch (e) { say(e.message, 'error'); }
  }));
  const prows = providers.items.map((p) => [p.name, p.issuer || p.token_endpoint, p.client_id, p.scopes.join(' '), h('code', {}, p.redirect_uri),
    h('div', { class: 'row-actions' },
      p.grant_types.includes('authorization_code') ? h('button', { type: 'button', 'data-connect': p.name, onclick: async () => {
        try {
          const a = await api('POST', tenantPath(tenant, '/providers/' + enc(p.id) + '/authorize'), { return_url: returnUrl });
          location.assign(a.authorization_url);
        } catch (e) { say(e.message, 'error'); }
      } }, 'Connect') : '',
      confirmButton('Delete', async () => {
        try { await api('DELETE', tenantPath(tenant, '/providers/' + enc(p.id))); await connections(tenant); say('Provider ' + p.id + ' deleted.'); } catch (e) { say(e.message, 'error'); }
      }))]);
  const names = new Map(providers.items.map((p) => [p.id, p.name]));
  const crows = conns.items.map((c) => [h('code', {}, c.id), names.get(c.provider_id) || c.provider_id, c.subject || '—', c.grant_type, pill(c.status), c.scope, when(c.access_token_expires_at),
    confirmButton('Delete', async () => {
      try { await api('DELETE', tenantPath(tenant, '/connections/' + enc(c.id))); await connections(tenant); say('Connection deleted (revoked at the provider where it can be).'); } catch (e) { say(e.message, 'error'); }
    })]);
  main.replaceChildren(h('h1', {}, 'Providers and connections of ' + tenant),
    h('h2', {}, 'Connections'),
    table(['Id', 'Provider', 'Subject', 'Grant', 'Status', 'Scope', 'Token expires', ''], crows, 'No connections yet: press Connect beside a provider.'),
    h('h2', {}, 'Providers'),
    table(['Name', 'Issuer', 'Client id', 'Scopes', 'Redirect URI', ''], prows, 'No providers yet: register one below.'),
    h('h2', {}, 'Register a provider'), pform);
}

// ---------- sessions ----------
async function sessions(tenant) {
  const main = view();
  let list;
  try {
    list = await api('GET', tenantPath(tenant, '/sessions'));
  } catch (e) {
    if (e.status === 404) { main.replaceChildren(h('h1', {}, 'Sessions of ' + tenant), h('p', { class: 'empty' }, 'The session broker is not configured on this instance (PORTCULLIS_UPSTREAM_*), so there are no browser sessions.')); return; }
    throw e;
  }
  const items = list.items;
  const rows = items.map((s) => [h('code', {}, s.sid), s.sub, s.email || s.name || '—', s.client_id, when(s.created_at), when(s.expires_at),
    pill(s.active ? 'active' : 'ended'),
    s.active ? tagged(confirmButton('End', async () => {
      try { await api('DELETE', tenantPath(tenant, '/sessions/' + enc(s.sid))); await sessions(tenant); say('Session ended on every node.'); } catch (e) { say(e.message, 'error'); }
    }), 'end', s.sid) : '']);
  main.replaceChildren(h('h1', {}, 'Sessions of ' + tenant), table(['Session', 'Subject', 'User', 'Client', 'Started', 'Expires', 'Status', ''], rows, 'No live sessions.'));
}

// ---------- start ----------
(async function start() {
  // back from a provider (connection_id or error, and the tenant the console asked for): that tenant's connections
  const back = new URLSearchParams(location.search);
  if (back.get('tenant') && (back.get('connection_id') || back.get('error')) && !location.hash) {
    history.replaceState(null, '', location.pathname + location.search + '#/t/' + enc(back.get('tenant')) + '/connections');
  }
  const r = await call('GET', '/console/session');
  if (r.ok) { me = r.body; csrf = me.csrf_token; } else if (r.body && r.body.provider_sign_in === '/console/login') { providerSignIn = '/console/login'; }
  render();
})();
