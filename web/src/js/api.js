// The api client: every call goes to ../api/v1/ relative to the app, so the app works under any sub-path.
// Errors come back as ApiError carrying the RFC 9457 problem (type, detail, errors[] with JSON pointers).
import { lang } from './i18n.js';
import { accessToken, signOutExpired } from './auth.js';

export const appRoot = new URL('./', document.baseURI);
export const apiRoot = new URL('../api/v1/', appRoot);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export class NetworkError extends Error {
  constructor(cause) {
    super('network');
    this.network = true;
    this.cause = cause;
  }
}

/** One request; JSON in and out by default. `raw: true` gives the Response (also a 304 to a conditional request). */
export async function api(path, { method = 'GET', json, body, type, headers = {}, raw = false, signal } = {}) {
  const h = { Accept: 'application/json, application/problem+json', 'Accept-Language': lang(), ...headers };
  const token = accessToken();
  if (token) h.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    h['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (type) {
    h['Content-Type'] = type;
  }
  let res;
  try {
    res = await fetch(new URL(path, apiRoot), { method, headers: h, body, signal, cache: 'no-cache' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new NetworkError(e);
  }
  if (raw && (res.ok || res.status === 304)) return res;
  if (!res.ok) {
    let problem = null;
    try { problem = await res.json(); } catch { /* not JSON */ }
    if (res.status === 401) signOutExpired();
    throw new ApiError(res.status, problem);
  }
  if (res.status === 204) return null;
  const ct = res.headers.get('Content-Type') || '';
  return ct.includes('json') ? res.json() : res.text();
}

/**
 * A request that must happen once however often it is sent: retried on a lost connection or a 503 with the same
 * Idempotency-Key (the api answers a retry with the first answer), with growing pauses, at most `tries` times.
 */
export async function once(path, { key, onRetry, tries = 6, ...options }) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api(path, { ...options, headers: { ...(options.headers || {}), 'Idempotency-Key': key } });
    } catch (e) {
      const transient = e instanceof NetworkError || (e instanceof ApiError && e.status === 503);
      if (!transient || attempt >= tries) throw e;
      if (onRetry) onRetry(attempt);
      await new Promise((r) => setTimeout(r, Math.min(8000, 500 * 2 ** (attempt - 1))));
    }
  }
}
