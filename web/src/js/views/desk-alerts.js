// The live alerts beside every desk page: seal tampering, passages of goods not released, passages not known to
// have happened (the officers' audience of the live stream, SSE), newest first, linked to their gate.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { onEvent } from '../live.js';
import { when, word } from '../desk-common.js';

const MAX = 30;
const seen = [];
let off = null;

export function alerts(aside, on) {
  if (off) off();
  off = null;
  if (!on) {
    aside.replaceChildren();
    aside.hidden = true;
    return;
  }
  aside.hidden = false;
  const list = h('ul', { id: 'alert-list', class: 'alert-list', 'aria-live': 'polite' });
  const render = () => list.replaceChildren(...(seen.length ? seen.map(item) : [h('li', { class: 'muted' }, t('desk.alertsNone'))]));
  aside.replaceChildren(h('h2', { id: 'alerts-h' }, t('desk.alerts')), list);
  render();
  off = onEvent((ev) => {
    if (!/^(gate|seal)\./.test(ev.eventType || '')) return;
    if (seen.some((s) => s.messageId === ev.messageId)) return;
    seen.unshift(ev);
    seen.length = Math.min(seen.length, MAX);
    render();
  });
}

function item(ev) {
  const d = ev.data || {};
  const what = [d.lane && `${t('desk.lane')} ${d.lane}`, d.sealId, d.containerNumber, ...(d.containers || []).map((c) => (typeof c === 'string' ? c : c.containerNumber))]
    .filter(Boolean).join(' · ');
  return h('li', { class: 'alert', 'data-type': ev.eventType },
    h('strong', {}, word('desk.alertTypes', ev.eventType.replace(/\./g, '-'))),
    h('br'), h('span', { class: 'muted' }, when(ev.createdAt || d.occurredAt)),
    what ? [h('br'), what] : null,
    d.gate ? [h('br'), h('a', { href: `#/gates/${encodeURIComponent(d.gate)}` }, t('desk.gateTitle', { code: d.gate }))] : null);
}
