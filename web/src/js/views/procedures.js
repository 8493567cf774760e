// Citizens: procedures found as they type (the api's search ignores diacritics and forgives typos), one procedure
// in full at a shareable URL (#/procedures/CODE), readable offline once seen (the service worker keeps it).
import { api } from '../api.js';
import { h, show, announce } from '../dom.js';
import { t, lang, problemMessage } from '../i18n.js';

let lastQuery = '';

export function home(extra = []) {
  const input = h('input', {
    id: 'q', type: 'search', name: 'q', autocomplete: 'off', enterkeyhint: 'search', 'aria-describedby': 'q-hint',
    'aria-controls': 'results', value: lastQuery,
  });
  const count = h('p', { id: 'count', class: 'muted', 'aria-live': 'polite' });
  const results = h('ul', { id: 'results', class: 'cards' });
  let controller = null;
  let timer = null;
  async function search() {
    const q = input.value.trim();
    lastQuery = input.value;
    if (controller) controller.abort();
    controller = new AbortController();
    const params = new URLSearchParams({ lang: lang(), limit: '20' });
    if (q) params.set('q', q);
    try {
      const page = await api(`procedures?${params}`, { signal: controller.signal });
      results.replaceChildren(...page.items.map(card));
      count.textContent = page.items.length ? t('searchCount', { n: page.items.length }) : t('searchNone');
    } catch (e) {
      if (e.name !== 'AbortError') count.textContent = problemMessage(e.problem || e);
    }
  }
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  show(
    t('searchTitle'),
    extra,
    h('h1', {}, t('searchTitle')),
    h('form', { role: 'search', onsubmit: (e) => { e.preventDefault(); search(); } },
      h('label', { for: 'q' }, t('searchLabel')),
      h('p', { id: 'q-hint', class: 'hint' }, t('searchHint')),
      input),
    count,
    results,
  );
  search();
}

function card(p) {
  return h('li', { class: 'card' },
    h('a', { href: `#/procedures/${encodeURIComponent(p.code)}`, class: 'card-link' },
      h('span', { class: 'code' }, p.code),
      h('strong', {}, p.title)),
    h('p', {}, p.summary),
    h('p', { class: 'muted' }, p.serviceLevel === 4 ? t('level4') : t('level', { n: p.serviceLevel }), ' · ', p.agency));
}

export async function procedure(code) {
  show(t('loading'), h('p', {}, t('loading')));
  let p;
  try {
    p = await api(`procedures/${encodeURIComponent(code)}?lang=${lang()}`);
  } catch (e) {
    show(t('appName'), h('h1', {}, code), h('p', { class: 'error', role: 'alert' }, problemMessage(e.problem || e)),
      h('p', {}, h('a', { href: '#/' }, t('back'))));
    return;
  }
  const section = (title, list) => list && list.length
    ? [h('h2', {}, title), h('ol', {}, list.map((x) => h('li', {}, x)))] : [];
  show(
    p.title,
    h('p', {}, h('a', { href: '#/' }, '← ', t('back'))),
    h('h1', {}, p.title),
    h('p', { class: 'muted' }, h('span', { class: 'code' }, p.code), ' · ',
      p.serviceLevel === 4 ? t('level4') : t('level', { n: p.serviceLevel })),
    h('p', {}, p.summary),
    h('dl', { class: 'facts' },
      h('dt', {}, t('procAgency')), h('dd', {}, p.agency),
      h('dt', {}, t('procTime')), h('dd', {}, p.processingTime),
      h('dt', {}, t('procFees')), h('dd', {}, p.fee)),
    section(t('procSteps'), p.steps),
    section(t('procDocs'), p.documents),
    section(t('procLegal'), p.legalBasis),
    h('button', { type: 'button', id: 'share', class: 'secondary', onclick: () => share(p) }, t('share')),
  );
}

async function share(p) {
  const url = location.href;
  if (navigator.share) {
    try { await navigator.share({ title: p.title, url }); return; } catch { /* cancelled */ }
  }
  try {
    await navigator.clipboard.writeText(url);
    announce(t('copied'));
  } catch {
    announce(url);
  }
}
