// The live stream of the signed-in user's events (SSE /api/v1/me/events) read through fetch, so that it carries the
// bearer token; resumed with Last-Event-ID after a drop or when the phone wakes up.
import { apiRoot } from './api.js';
import { accessToken, onAuthChange } from './auth.js';

const LAST = 'dc.lastEventId';
const listeners = new Set();
const stateListeners = new Set();
let controller = null;
let connected = false;
// 'off' (signed out or stopped), 'connecting' (the first attempt), 'live', 'reconnecting' (after a drop).
let state = 'off';
let retryTimer = null;

export function onEvent(f) { listeners.add(f); return () => listeners.delete(f); }
/** f(connected, state) now and on every change. */
export function onLiveState(f) { stateListeners.add(f); f(connected, state); return () => stateListeners.delete(f); }
export function liveConnected() { return connected; }
function setState(next) {
  state = next;
  connected = next === 'live';
  stateListeners.forEach((f) => f(connected, state));
}

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
  const mine = new AbortController();
  controller = mine;
  if (state !== 'live') setState(state === 'off' ? 'connecting' : 'reconnecting');
  const headers = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
  const last = localStorage.getItem(LAST);
  if (last) headers['Last-Event-ID'] = last;
  try {
    const res = await fetch(new URL('me/events', apiRoot), { headers, signal: mine.signal, cache: 'no-store' });
    if (!res.ok || !res.body) throw new Error(`events ${res.status}`);
    setState('live');
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
    // stopped (stopLive): nothing more to do here
    if (e.name === 'AbortError') return;
  }
  if (controller !== mine) return;
  controller = null;
  setState(accessToken() ? 'reconnecting' : 'off');
  retryTimer = setTimeout(connect, 3000);
}

export function startLive() {
  connect();
}

export function stopLive() {
  clearTimeout(retryTimer);
  if (controller) controller.abort();
  controller = null;
  setState('off');
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') connect();
});
onAuthChange((s) => (s ? connect() : stopLive()));
