// An independent OpenID relying party: openid-client drives a whole login through Portcullis and prints
// what it verified as one JSON line. Every check is openid-client's own (discovery, PKCE, state, the ID
// token's signature against the JWKS, iss, aud, exp, nonce; userinfo's sub against the ID token's).
// Environment: ISSUER, CLIENT_ID, REDIRECT_URI, LOGIN_HINT, POST_LOGOUT_REDIRECT_URI.
import * as client from 'openid-client';

const env = process.env;
const redirectUri = env.REDIRECT_URI;

async function follow(start, until) {
  let next = start;
  for (let hop = 0; !next.startsWith(until); hop++) {
    if (hop > 10) throw new Error('too many redirects, last ' + next);
    const answer = await fetch(next, { redirect: 'manual' });
    const location = answer.headers.get('location');
    if (!location) throw new Error('no redirect from ' + new URL(next).pathname + ': ' + answer.status + ' ' + (await answer.text()).slice(0, 300));
    next = new URL(location, next).href;
  }
  return next;
}

try {
  const config = await client.discovery(new URL(env.ISSUER), env.CLIENT_ID, { token_endpoint_auth_method: 'none' }, client.None(),
    { execute: [client.allowInsecureRequests] });
  const verifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const state = client.randomState();
  const authorize = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri, scope: 'openid profile', code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256', nonce, state, login_hint: env.LOGIN_HINT,
  });
  const back = await follow(authorize.href, redirectUri);
  const tokens = await client.authorizationCodeGrant(config, new URL(back),
    { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: state, idTokenExpected: true });
  const claims = tokens.claims();
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  const endSession = client.buildEndSessionUrl(config, {
    id_token_hint: tokens.id_token, post_logout_redirect_uri: env.POST_LOGOUT_REDIRECT_URI, client_id: env.CLIENT_ID, state: 'bye',
  });
  const loggedOut = await follow(endSession.href, env.POST_LOGOUT_REDIRECT_URI);
  let afterLogout;
  try {
    await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    afterLogout = 'still answered';
  } catch (e) {
    afterLogout = e.status ?? e.cause?.status ?? e.code ?? String(e);
  }
  console.log(JSON.stringify({ ok: true, nonce, claims, userinfo, loggedOut, afterLogout, refresh_token: tokens.refresh_token ? 'present' : 'absent' }));
} catch (e) {
  const response = e.cause instanceof Response ? e.cause : undefined;
  const detail = response ? { status: response.status, url: response.url, body: (await response.text()).slice(0, 500) } : String(e.cause ?? '');
  console.log(JSON.stringify({ ok: false, error: String(e), code: e.code, cause: detail }));
}
