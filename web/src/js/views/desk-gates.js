// The gates of the officer's offices and one gate's overview: its lanes with their barrier and agent, recent events
// (filtered by lane and type), and the one-time passage an officer authorises for a vehicle a lane held (HOLD).
// Refreshed every 10 s while visible and on every live alert.
import { api } from '../api.js';
import { h, show, announce } from '../dom.js';
import { t, problemMessage } from '../i18n.js';
import { form, poll, onLiveHere, when, word, timeNow } from '../desk-common.js';

const EVENT_TYPES = ['VEHICLE_ARRIVED', 'PLATE_READ', 'CONTAINER_READ', 'BARRIER_OPENED', 'HOLD', 'PASSAGE_CONFIRMED',
  'PASSAGE_INTERRUPTED', 'BARRIER_CLOSED', 'SEAL_STATE', 'DEVICE_FAULT', 'AGENT_ONLINE', 'AGENT_OFFLINE',
  'JOURNAL_QUOTA_WARNING', 'JOURNAL_QUOTA_REACHED'];

export async function gates() {
  const list = await api('gates');
  show(t('desk.gatesTitle'), h('h1', {}, t('desk.gatesTitle')),
    list.items.length ? h('ul', { class: 'cards gate-cards', id: 'gates' }, list.items.map((g) => h('li', { class: 'card' },
      h('a', { href: `#/gates/${encodeURIComponent(g.code)}`, class: 'card-link' }, h('strong', {}, g.code), g.name ? ` · ${g.name}` : ''),
      h('p', { class: 'muted' }, `${t('desk.office')} ${g.officeCode} · ${t('desk.lanes', { n: g.lanes.length })}: ${g.lanes.join(', ')}`))))
      : h('p', {}, t('desk.gatesNone')));
}

export async function gate(code) {
  const base = `gates/${encodeURIComponent(code)}`;
  const filter = { lane: '', type: '' };
  const lanes = h('tbody', { id: 'lanes' });
  const events = h('tbody', { id: 'events' });
  const auths = h('tbody', { id: 'authorisations' });
  const updated = h('p', { class: 'muted', id: 'gate-updated' });
  const message = h('p', { role: 'status' });
  const authorising = h('div', { id: 'authorise-box' });
  let status = null;

  const load = async (strict) => {
    try {
      const q = new URLSearchParams({ limit: '50' });
      if (filter.lane) q.set('lane', filter.lane);
      if (filter.type) q.set('type', filter.type);
      const [s, e, a] = await Promise.all([api(base), api(`${base}/events?${q}`), api(`${base}/passage-authorisations?limit=20`)]);
      status = s;
      const authorised = new Set(a.items.map((x) => x.holdEventId));
      lanes.replaceChildren(...s.laneStatus.map(laneRow));
      events.replaceChildren(...(e.items.length ? e.items.map((x) => eventRow(x, authorised)) : [h('tr', {}, h('td', { colspan: '4' }, t('desk.eventsNone')))]));
      auths.replaceChildren(...(a.items.length ? a.items.map(authRow) : [h('tr', {}, h('td', { colspan: '5' }, t('desk.authorisationsNone')))]));
      updated.textContent = t('desk.updatedAt', { time: timeNow() });
      message.textContent = '';
    } catch (err) {
      if (strict) throw err;
      message.textContent = problemMessage(err.problem || err);
    }
  };

  const eventRow = (x, authorised) => {
    const d = x.data || {};
    const parts = [d.plate, ...(d.containerNumbers || []), d.containerNumber, d.sealId && `${d.sealId}: ${d.sealState}`, d.reason, d.detail]
      .filter(Boolean);
    const canAuthorise = x.type === 'HOLD' && !authorised.has(x.id);
    return h('tr', { 'data-event': x.id, 'data-type': x.type, class: x.type === 'HOLD' || d.sealState === 'TAMPERED' ? 'attention' : null },
      h('td', {}, when(x.occurredAt)), h('td', {}, x.lane || '—'), h('td', {}, word('desk.eventTypes', x.type)),
      h('td', {}, parts.join(' · '), canAuthorise ? [' ', h('button', { type: 'button', class: 'secondary small', id: `authorise-${x.id}`,
        onclick: () => authoriseForm(x) }, t('desk.authorise'))] : null));
  };

  const authoriseForm = (x) => {
    const f = form({
      id: 'authorise',
      legend: t('desk.authoriseFor', { plate: x.data?.plate || '?', lane: x.lane }),
      fields: [{ name: 'reason', label: t('desk.authoriseReason'), kind: 'textarea', required: true, max: 500 }],
      submitLabel: t('desk.authoriseDo'),
      submit: async (v) => {
        const r = await api(`${base}/lanes/${encodeURIComponent(x.lane)}/passage-authorisations`, {
          method: 'POST', json: { holdEventId: x.id, reason: v.reason || '' } });
        const text = t('desk.authorised', { status: word('desk.authStatus', r.status), time: when(r.expiresAt) });
        authorising.replaceChildren(h('p', { class: 'notice ok', role: 'status', id: 'authorised' }, text));
        announce(text);
        await load();
      },
    });
    authorising.replaceChildren(f);
    f.querySelector('textarea').focus();
  };

  const laneSelect = h('select', { id: 'filter-lane' });
  const typeSelect = h('select', { id: 'filter-type' },
    h('option', { value: '' }, t('desk.all')), EVENT_TYPES.map((x) => h('option', { value: x }, word('desk.eventTypes', x))));
  const filters = h('form', { class: 'filters', id: 'event-filters', onsubmit: (ev) => {
    ev.preventDefault();
    filter.lane = laneSelect.value;
    filter.type = typeSelect.value;
    load();
  } },
  h('div', {}, h('label', { for: 'filter-lane' }, t('desk.filterLane')), laneSelect),
  h('div', {}, h('label', { for: 'filter-type' }, t('desk.filterType')), typeSelect),
  h('button', { type: 'submit', class: 'secondary' }, t('desk.filter')));

  await load(true);
  laneSelect.replaceChildren(h('option', { value: '' }, t('desk.all')), status.lanes.map((l) => h('option', { value: l }, l)));
  show(t('desk.gateTitle', { code }),
    h('p', { class: 'crumbs' }, h('a', { href: '#/gates' }, `← ${t('desk.gates')}`)),
    h('h1', {}, t('desk.gateTitle', { code }), status.name ? ` · ${status.name}` : ''),
    h('p', { class: 'muted' }, `${t('desk.office')} ${status.officeCode} · ${t('desk.agentSeen')}: ${status.agentLastSeenAt ? when(status.agentLastSeenAt) : t('desk.never')}`),
    updated, message,
    h('section', { class: 'panel', 'aria-labelledby': 'lanes-h' }, h('h2', { id: 'lanes-h' }, t('desk.lanes', { n: status.lanes.length })),
      h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, [t('desk.lane'), t('desk.barrier'), t('desk.agentSeen'), t('desk.report')]
        .map((c) => h('th', { scope: 'col' }, c)))), lanes)),
    authorising,
    h('section', { class: 'panel', 'aria-labelledby': 'events-h' }, h('h2', { id: 'events-h' }, t('desk.events')), filters,
      h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, [t('desk.time'), t('desk.lane'), t('desk.type'), t('desk.details')]
        .map((c) => h('th', { scope: 'col' }, c)))), events)),
    h('section', { class: 'panel', 'aria-labelledby': 'auth-h' }, h('h2', { id: 'auth-h' }, t('desk.authorisations')),
      h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, [t('desk.time'), t('desk.lane'), t('status'), t('desk.details'), 'ID']
        .map((c) => h('th', { scope: 'col' }, c)))), auths)));
  poll(() => load(), 10_000);
  onLiveHere((ev) => { if (ev.data && ev.data.gate === code) load(); });
}

function laneRow(l) {
  const r = l.agentReport;
  return h('tr', { 'data-lane': l.lane },
    h('th', { scope: 'row' }, l.lane),
    h('td', { class: `barrier barrier-${l.barrier.toLowerCase()}` }, word('desk.barriers', l.barrier),
      l.barrierSince ? h('span', { class: 'muted' }, ` ${t('desk.since', { time: when(l.barrierSince) })}`) : null),
    h('td', {}, l.agentLastSeenAt ? when(l.agentLastSeenAt) : t('desk.never')),
    h('td', {}, r ? t('desk.reportLine', { status: r.status, unsent: r.unsent ?? '—', backlog: r.backlog ?? '—', level: r.journalLevel || '—' }) : '—'));
}

function authRow(a) {
  return h('tr', { 'data-authorisation': a.id },
    h('td', {}, when(a.authorisedAt)), h('td', {}, a.lane), h('td', {}, word('desk.authStatus', a.status)),
    h('td', {}, [a.plate, ...(a.containerNumbers || [])].filter(Boolean).join(' · '), ' — ', a.reason),
    h('td', { class: 'code' }, a.id.slice(0, 8)));
}
