// The queue of the officer's offices: yellow (document check) and red (physical inspection), oldest first, with who
// holds each declaration. The api has no queue event for officers, so the page asks again politely (every 15 s
// while visible, and on any live event of the officer's stream) and says when new declarations arrive.
import { api } from '../api.js';
import { h, show, announce } from '../dom.js';
import { t, money, problemMessage } from '../i18n.js';
import { poll, onLiveHere, when, timeNow } from '../desk-common.js';
import { me } from '../auth.js';

const POLL_MS = 15_000;

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

  const load = async () => {
    try {
      const [mine, other] = await Promise.all([
        api(`officer/queue?channel=${channel}`),
        api(`officer/queue?channel=${channel === 'yellow' ? 'red' : 'yellow'}`),
      ]);
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
      updated.textContent = t('desk.updatedAt', { time: timeNow() });
      message.textContent = '';
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
  await load();
  poll(load, POLL_MS);
  onLiveHere(() => load());
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
