// Signing keys made on the phone (WebCrypto ECDSA P-256, the private key non-extractable) and compact JWS ES256:
// signing declarations, and verifying the service's e-receipts against its published JWK set.
import { b64url } from './auth.js';
import * as store from './store.js';

const ALG = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGN = { name: 'ECDSA', hash: 'SHA-256' };
const enc = new TextEncoder();

/** RFC 7638 thumbprint of an EC public JWK, base64url. */
export async function thumbprint(jwk) {
  const canonical = `{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`;
  return b64url(await crypto.subtle.digest('SHA-256', enc.encode(canonical)));
}

/** A new key pair for the enterprise: private half kept (not extractable) in IndexedDB; the public JWK returned. */
export async function createKey(taxCode) {
  const pair = await crypto.subtle.generateKey(ALG, false, ['sign', 'verify']);
  const pub = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const kid = await thumbprint(pub);
  const jwk = { kty: 'EC', crv: 'P-256', x: pub.x, y: pub.y, kid, alg: 'ES256', use: 'sig' };
  return { record: { taxCode, kid, privateKey: pair.privateKey, jwk, createdAt: new Date().toISOString() }, jwk };
}

export const saveKey = (record) => store.put('keys', record);
export const phoneKey = (taxCode) => store.get('keys', taxCode);
export const forgetKey = (taxCode) => store.del('keys', taxCode);

function b64urlText(s) {
  return b64url(enc.encode(s));
}

function fromB64url(s) {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

/** Compact JWS (ES256) of the exact payload text; WebCrypto's signature is already r||s as JWS wants. */
export async function sign(record, payload) {
  const header = b64urlText(JSON.stringify({ alg: 'ES256', kid: record.kid }));
  const input = `${header}.${b64urlText(payload)}`;
  const sig = await crypto.subtle.sign(SIGN, record.privateKey, enc.encode(input));
  return `${input}.${b64url(sig)}`;
}

/** Verifies a compact JWS against a JWK set: {valid, payload}. */
export async function verify(jws, jwks) {
  const [h, p, s] = jws.split('.');
  const header = JSON.parse(new TextDecoder().decode(fromB64url(h)));
  const jwk = (jwks.keys || []).find((k) => k.kid === header.kid);
  if (!jwk || header.alg !== 'ES256' || jwk.kty !== 'EC' || jwk.crv !== 'P-256') return { valid: false };
  const key = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, ALG, false, ['verify']);
  const valid = await crypto.subtle.verify(SIGN, key, fromB64url(s), enc.encode(`${h}.${p}`));
  return { valid, payload: JSON.parse(new TextDecoder().decode(fromB64url(p))), kid: header.kid };
}
