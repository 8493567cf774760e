// The queue of the officer's offices: yellow (document check) and red (physical inspection), oldest first, with who
// holds each declaration. It follows the officer's live stream: every change of an office's queue is a queue.* event
// (entered, assigned, unassigned, updated, left), on which the page asks again with If-None-Match (a 304 costs the api
// an index read and carries no body); bursts of events make one request at a time. Only while the stream is down does
// it fall back to a slow poll (and it asks once more when the stream is back, for what it may have missed).
import { api } from '../api.js';
import { h, show, announce } from '../dom.js';
import { t, money, problemMessage } from '../i18n.js';
import { poll, onLiveHere, whileHere, when, timeNow } from '../desk-common.js';
import { me } from '../auth.js';
import { onLiveState, liveConnected } from '../live.js';

const SAFETY_POLL_MS = 30_000;
// What each channel's queue last answered, with its ETag (revalidated, never read as fresh).
const copies = new Map();

/** The queue of one channel: a 304 to the ETag of the copy held gives that copy back. */
async function fetchQueue(channel) {
  const held = copies.get(channel);
  const res = await api(`officer/queue?channel=${channel}`, { raw: true, headers: held ? { 'If-None-Match': held.etag } : {} });
  if (res.status === 304 && held) return held.body;
  const body = await res.json();
  const etag = res.headers.get('ETag');
  if (etag) copies.set(channel, { etag, body });
  return body;
}

export async function queue(channel) {
  const who = me();
  const counts = { yellow: h('span', { class: 'count', id: 'count-yellow' }), red: h('span', { class: 'count', id: 'count-red' }) };
  const tab = (c, label) => h('a', { href: `#/queue/${c}`, id: `tab-${c}`, class: `tab tab-${c}`, 'aria-current': c === channel ? 'page' : null },
    label, ' ', counts[c]);
  const body = h('tbody', { id: 'queue-rows' });
  const updated = h('p', { class: 'muted', id: 'queue-updated', 'aria-live': 'off' });
  const message = h('p', { role: 'status', id: 'queue-message' });
  const offices = h('p', { class: 'muted', id: 'queue-offices' });
  let known = null;
  let shown = [];

  const load = async () => {
    try {
      const [mine, other] = await Promise.all([fetchQueue(channel), fetchQueue(channel === 'yellow' ? 'red' : 'yellow')]);
      updated.textContent = t('desk.updatedAt', { time: timeNow() });
      message.textContent = '';
      // Both copies current (304): the page stays as it is, and so does the officer's focus in it.
      if (mine === shown[0] && other === shown[1]) return;
      shown = [mine, other];
      counts[channel].textContent = `(${mine.items.length})`;
      counts[channel === 'yellow' ? 'red' : 'yellow'].textContent = `(${other.items.length})`;
      const list = mine.offices || [];
      if (sessionStorage.getItem('dc.desk.offices') !== list.join(', ')) {
        sessionStorage.setItem('dc.desk.offices', list.join(', '));
        document.dispatchEvent(new Event('desk:offices'));
      }
      offices.textContent = list.length
        ? `${t('desk.offices', { offices: list.join(', ') })} · ${t('desk.assignedToYou', { n: mine.assignedToYou ?? 0 })}`
        : t('desk.noOffices');
      const ids = new Set(mine.items.map((d) => d.id));
      if (known) {
        const fresh = [...ids].filter((id) => !known.has(id)).length;
        if (fresh) announce(t('desk.newItems', { n: fresh }));
      }
      known = ids;
      body.replaceChildren(...(mine.items.length ? mine.items.map((d) => row(d, who)) : [h('tr', {}, h('td', { colspan: '7' }, t('desk.queueEmpty')))]));
    } catch (e) {
      message.textContent = problemMessage(e.problem || e);
    }
  };

  show(t('desk.queue'),
    h('h1', {}, t('desk.queue')),
    h('nav', { class: 'tabs', 'aria-label': t('desk.queue') }, tab('yellow', t('desk.yellowTab')), tab('red', t('desk.redTab'))),
    offices, updated, message,
    h('table', { class: 'grid', id: 'queue' },
      h('caption', { class: 'sr-only' }, channel === 'yellow' ? t('desk.yellowTab') : t('desk.redTab')),
      h('thead', {}, h('tr', {}, [t('number'), t('desk.enterprise'), t('desk.office'), t('desk.gate'), t('desk.submitted'),
        t('desk.totalPayable'), t('desk.holder')].map((c) => h('th', { scope: 'col' }, c)))),
      body));
  // One request at a time: events during one make one more after it.
  let running = null;
  let again = false;
  const refresh = async () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await load();
      } while (again);
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  };
  const mode = h('p', { class: 'muted', id: 'queue-mode' });
  updated.after(mode);
  await refresh();
  // The safety poll runs only while the stream is down; a stream that comes back may have missed events.
  poll(() => { if (!liveConnected()) refresh(); }, SAFETY_POLL_MS);
  let wasLive = liveConnected();
  whileHere(onLiveState((on) => {
    mode.textContent = on ? t('desk.queueLive') : t('desk.queuePolling', { s: SAFETY_POLL_MS / 1000 });
    mode.dataset.live = String(on);
    if (on && !wasLive) refresh();
    wasLive = on;
  }));
  onLiveHere((ev) => { if (/^queue\./.test(ev.eventType || '')) refresh(); });
}

function row(d, who) {
  const holder = !d.assignedTo ? t('desk.nobody') : d.assignedTo === who.subject ? t('desk.you') : d.assignedTo;
  return h('tr', { 'data-id': d.id, class: d.assignedTo === who.subject ? 'mine' : null },
    h('td', {}, h('a', { href: `#/declarations/${d.id}`, 'aria-label': t('desk.open', { number: d.number || d.id.slice(0, 8) }) }, d.number || d.id.slice(0, 8))),
    h('td', {}, d.enterpriseTaxCode),
    h('td', {}, d.customsOfficeCode),
    h('td', {}, d.borderGateCode),
    h('td', {}, when(d.submittedAt)),
    h('td', { class: 'num' }, d.totalPayableVnd ? money(d.totalPayableVnd) : '—'),
    h('td', {}, holder));
}
