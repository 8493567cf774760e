// Sign-in: OpenID Connect authorization code flow with PKCE (S256) against the issuer the server names in
// config.json (a real one such as Keycloak in production; the api's development issuer otherwise). The access token
// lives in this tab's session storage only.
const SESSION = 'dc.session';
const PENDING = 'dc.signin';
let config = null;
let session = JSON.parse(sessionStorage.getItem(SESSION) || 'null');
const listeners = new Set();

export function onAuthChange(f) { listeners.add(f); }
function changed() { listeners.forEach((f) => f(session)); }

export async function loadConfig(appRoot) {
  if (!config) {
    const res = await fetch(new URL('config.json', appRoot), { cache: 'no-cache' });
    config = await res.json();
  }
  return config;
}

export function accessToken() {
  if (session && session.expiresAt > Date.now()) return session.token;
  return null;
}

/** Who is signed in, read from the token for display only (the api checks every request itself). */
export function me() {
  if (!accessToken()) return null;
  return session.who;
}

const ROLES = ['trader', 'broker', 'officer', 'risk-manager'];

function claimsOf(token) {
  const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)));
  const c = JSON.parse(json);
  const names = [].concat(c.roles || [], c.role || [], c.realm_access?.roles || []);
  const role = ROLES.find((r) => names.some((n) => n === r || n.endsWith(`-${r}`))) || null;
  return { role, taxCode: c.tax_code || c.attributes?.tax_code || null, subject: c.sub };
}

export function b64url(bytes) {
  let s = '';
  new Uint8Array(bytes).forEach((b) => { s += String.fromCharCode(b); });
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(n) {
  return b64url(crypto.getRandomValues(new Uint8Array(n)));
}

async function discovery(appRoot) {
  const c = await loadConfig(appRoot);
  if (!c.discovery) return null;
  const url = new URL(c.discovery, appRoot);
  const d = await (await fetch(url, { cache: 'no-cache' })).json();
  return { ...d, base: url };
}

/** Sends the browser to the issuer; it comes back to the app's root with ?code=&state=. */
export async function signIn(appRoot, returnTo) {
  const d = await discovery(appRoot);
  if (!d) throw new Error('no issuer');
  const verifier = random(32);
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const u = new URL(d.authorization_endpoint, d.base);
  u.search = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: appRoot.href, scope: config.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  location.assign(u.href);
}

/** On return from the issuer: the code for a token. Returns the hash route to go on with, or null. */
export async function completeSignIn(appRoot) {
  const q = new URLSearchParams(location.search);
  if (!q.has('code') && !q.has('error')) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', appRoot.href + (pending?.returnTo || '#/'));
  if (!pending || q.get('state') !== pending.state || !q.has('code')) return pending?.returnTo || '#/';
  const d = await discovery(appRoot);
  const res = await fetch(new URL(d.token_endpoint, d.base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: q.get('code'), redirect_uri: appRoot.href,
      client_id: config.clientId, code_verifier: pending.verifier,
    }),
  });
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
  const tok = await res.json();
  session = { token: tok.access_token, expiresAt: Date.now() + (tok.expires_in || 300) * 1000, who: claimsOf(tok.access_token) };
  sessionStorage.setItem(SESSION, JSON.stringify(session));
  changed();
  return pending.returnTo || '#/';
}

export function signOut() {
  session = null;
  sessionStorage.removeItem(SESSION);
  changed();
}

export function signOutExpired() {
  if (session) signOut();
}
