// The declarations of the signed-in trader, or of every enterprise that delegated to the broker, kept up to date by
// the live stream; a broker switches between its principals (the api's list of who delegated to it) and the list is
// read for that principal only.
import { api } from '../api.js';
import { me } from '../auth.js';
import { h, show, announce } from '../dom.js';
import { t, money, dateTime, problemMessage } from '../i18n.js';
import { onEvent } from '../live.js';
import { draftsList } from './declare.js';

let unsubscribe = null;

export async function list() {
  if (unsubscribe) unsubscribe();
  const who = me();
  if (!who) return show(t('myDeclarations'), h('h1', {}, t('myDeclarations')), h('p', {}, t('notSignedIn')));
  const items = h('ul', { id: 'declarations', class: 'cards' });
  const message = h('p', { role: 'status' });
  let all = [];
  let principal = sessionStorage.getItem('dc.principal') || '';
  const broker = who.role === 'broker';
  const switcher = broker ? h('select', { id: 'principal', 'aria-describedby': 'principal-hint' }) : null;
  const render = () => {
    items.replaceChildren(...(all.length ? all.map(card) : [h('li', {}, t('listEmpty'))]));
  };
  // a broker's principals: who delegated to it, with each delegation's validity (the api's list, not guessed from
  // the declarations seen)
  const principals = async () => {
    try {
      const page = await api(`brokers/${encodeURIComponent(who.taxCode)}/principals?limit=500`);
      const codes = page.items.map((p) => p.enterpriseTaxCode);
      if (principal && !codes.includes(principal)) {
        principal = ''; // the delegation ended: back to every principal
        sessionStorage.setItem('dc.principal', principal);
      }
      switcher.replaceChildren(h('option', { value: '' }, t('allPrincipals')),
        ...page.items.map((p) => h('option', { value: p.enterpriseTaxCode, selected: p.enterpriseTaxCode === principal },
          `${p.enterpriseTaxCode} · ${p.validUntil ? t('delegatedUntil', { date: dateTime(p.validUntil) }) : t('delegatedOpenEnded')}`)));
    } catch (e) {
      switcher.replaceChildren(h('option', { value: '' }, t('allPrincipals')),
        principal ? h('option', { value: principal, selected: true }, principal) : null);
    }
  };
  let asked = 0;
  const load = async () => {
    const mine = ++asked;
    try {
      const params = new URLSearchParams({ limit: '50' });
      if (principal) params.set('principal', principal);
      const page = await api(`declarations?${params}`);
      if (mine !== asked) return; // a later read (a later event, another principal) is on its way: only the newest is shown
      all = page.items;
      message.textContent = '';
      render();
    } catch (e) {
      message.textContent = problemMessage(e.problem || e);
    }
  };
  if (switcher) {
    switcher.addEventListener('change', () => {
      principal = switcher.value;
      sessionStorage.setItem('dc.principal', principal);
      load();
    });
  }
  const current = location.hash;
  unsubscribe = onEvent((ev) => {
    if (location.hash !== current) return;
    // a declaration of the principal shown changed: said at once (screen readers too), then the list read again
    const known = all.find((d) => d.id === ev.declarationId);
    if (known && ev.status) {
      announce(t('statusChanged', { number: ev.declarationNumber || known.number || '', status: t(`statuses.${ev.status}`) }));
    }
    load();
  });
  show(t('myDeclarations'),
    h('h1', {}, t('myDeclarations')),
    h('p', {}, h('a', { href: '#/declare', class: 'button', id: 'new-declaration' }, t('newDeclaration'))),
    switcher ? h('div', { class: 'field' }, h('label', { for: 'principal' }, t('principalSwitch')),
      h('p', { class: 'hint', id: 'principal-hint' }, t('principalHint')), switcher) : null,
    await draftsList(),
    message, items);
  await Promise.all([switcher ? principals() : null, load()]);
}

function card(d) {
  return h('li', { class: 'card', 'data-id': d.id, 'data-status': d.status, 'data-number': d.number, 'data-principal': d.enterpriseTaxCode },
    h('a', { href: `#/declarations/${d.id}`, class: 'card-link' },
      h('strong', {}, d.number || d.id.slice(0, 8)), ' · ', t(`statuses.${d.status}`)),
    h('p', { class: 'muted' }, d.channel ? `${t(d.channel)} · ` : '', d.enterpriseTaxCode,
      d.totalPayableVnd ? ` · ${money(d.totalPayableVnd)}` : '', d.submittedAt ? ` · ${dateTime(d.submittedAt)}` : ''));
}
