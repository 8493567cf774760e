// The declarations of the signed-in trader, or of every enterprise that delegated to the broker, kept up to date by
// the live stream; a broker switches between principals.
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
  const switcher = who.role === 'broker' ? h('select', { id: 'principal' }) : null;
  const render = () => {
    const shown = all.filter((d) => !principal || d.enterpriseTaxCode === principal);
    items.replaceChildren(...(shown.length ? shown.map(card) : [h('li', {}, t('listEmpty'))]));
    if (switcher) {
      const codes = [...new Set([...all.map((d) => d.enterpriseTaxCode), principal].filter(Boolean))];
      switcher.replaceChildren(h('option', { value: '' }, t('allPrincipals')),
        ...codes.map((c) => h('option', { value: c, selected: c === principal }, c)));
    }
  };
  let asked = 0;
  const load = async () => {
    const mine = ++asked;
    try {
      const page = await api('declarations?limit=50');
      if (mine !== asked) return; // a later read (a later event) is on its way: only the newest answer is shown
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
      render();
    });
  }
  const current = location.hash;
  unsubscribe = onEvent((ev) => {
    if (location.hash !== current) return;
    // a principal's declaration changed: said at once (screen readers too), then the list read again
    const known = all.find((d) => d.id === ev.declarationId);
    if (known && ev.status && (!principal || known.enterpriseTaxCode === principal)) {
      announce(t('statusChanged', { number: ev.declarationNumber || known.number || '', status: t(`statuses.${ev.status}`) }));
    }
    load();
  });
  show(t('myDeclarations'),
    h('h1', {}, t('myDeclarations')),
    h('p', {}, h('a', { href: '#/declare', class: 'button', id: 'new-declaration' }, t('newDeclaration'))),
    switcher ? h('div', { class: 'field' }, h('label', { for: 'principal' }, t('principalSwitch')), switcher) : null,
    await draftsList(),
    message, items);
  await load();
}

function card(d) {
  return h('li', { class: 'card', 'data-id': d.id, 'data-status': d.status, 'data-number': d.number, 'data-principal': d.enterpriseTaxCode },
    h('a', { href: `#/declarations/${d.id}`, class: 'card-link' },
      h('strong', {}, d.number || d.id.slice(0, 8)), ' · ', t(`statuses.${d.status}`)),
    h('p', { class: 'muted' }, d.channel ? `${t(d.channel)} · ` : '', d.enterpriseTaxCode,
      d.totalPayableVnd ? ` · ${money(d.totalPayableVnd)}` : '', d.submittedAt ? ` · ${dateTime(d.submittedAt)}` : ''));
}
