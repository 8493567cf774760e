// The live stream of the signed-in user's events (SSE /api/v1/me/events) read through fetch, so that it carries the
// bearer token; resumed with Last-Event-ID after a drop or when the phone wakes up.
import { apiRoot } from './api.js';
import { accessToken, onAuthChange } from './auth.js';

const LAST = 'dc.lastEventId';
const listeners = new Set();
const stateListeners = new Set();
let controller = null;
let connected = false;
let retryTimer = null;

export function onEvent(f) { listeners.add(f); return () => listeners.delete(f); }
export function onLiveState(f) { stateListeners.add(f); f(connected); return () => stateListeners.delete(f); }
function setState(v) { connected = v; stateListeners.forEach((f) => f(v)); }

function dispatch(id, data) {
  if (id) localStorage.setItem(LAST, id);
  let event;
  try { event = JSON.parse(data); } catch { return; }
  listeners.forEach((f) => f(event));
}

async function connect() {
  clearTimeout(retryTimer);
  const token = accessToken();
  if (!token || controller) return;
  controller = new AbortController();
  const headers = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
  const last = localStorage.getItem(LAST);
  if (last) headers['Last-Event-ID'] = last;
  try {
    const res = await fetch(new URL('me/events', apiRoot), { headers, signal: controller.signal, cache: 'no-store' });
    if (!res.ok || !res.body) throw new Error(`events ${res.status}`);
    setState(true);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let cut;
      while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
        let id = null;
        const data = [];
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith('id:')) id = line.slice(3).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length) dispatch(id, data.join('\n'));
      }
    }
  } catch (e) {
    if (e.name === 'AbortError') return;
  } finally {
    controller = null;
    setState(false);
  }
  retryTimer = setTimeout(connect, 3000);
}

export function startLive() {
  connect();
}

export function stopLive() {
  clearTimeout(retryTimer);
  if (controller) controller.abort();
  controller = null;
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') connect();
});
onAuthChange((s) => (s ? connect() : stopLive()));
