// The app's entry: sign-in completion, the header, hash routes (#/...: shareable, and the same shell serves every
// route, offline too), the language switch and the service worker.
import { appRoot } from './api.js';
import { completeSignIn, loadConfig, me, onAuthChange, signIn, signOut } from './auth.js';
import { h, show } from './dom.js';
import { lang, setLang, t, problemMessage } from './i18n.js';
import { startLive, onLiveState } from './live.js';
import { home, procedure } from './views/procedures.js';
import { keys } from './views/keys.js';
import { declare, review } from './views/declare.js';
import { declaration, paymentReturn, stopFollowing } from './views/declaration.js';
import { list } from './views/list.js';

const routes = [
  [/^\/$/, () => home(roleLinks())],
  [/^\/procedures\/([^/]+)$/, (m) => procedure(decodeURIComponent(m[1]))],
  [/^\/keys$/, () => keys()],
  [/^\/declarations$/, () => list()],
  [/^\/declarations\/([0-9a-f-]{36})$/, (m) => declaration(m[1])],
  [/^\/declare$/, () => declare(null)],
  [/^\/declare\/([0-9a-f-]{36})$/, (m) => declare(m[1])],
  [/^\/declare\/([0-9a-f-]{36})\/review$/, (m) => review(m[1])],
  [/^\/payments\/return$/, (m, query) => paymentReturn(query)],
];

function roleLinks() {
  const who = me();
  if (!who || !['trader', 'broker'].includes(who.role)) return [];
  return [h('nav', { class: 'tiles', 'aria-label': t('myDeclarations') },
    h('a', { href: '#/declarations', class: 'tile' }, t('myDeclarations')),
    h('a', { href: '#/declare', class: 'tile' }, t('newDeclaration')),
    h('a', { href: '#/keys', class: 'tile' }, t('keysTitle')))];
}

async function route() {
  const hash = location.hash || '#/';
  if (!hash.startsWith('#/')) return; // an in-page link such as the skip link
  const [path, query = ''] = hash.slice(1).split('?');
  stopFollowing();
  for (const [re, view] of routes) {
    const m = path.match(re);
    if (m) {
      try {
        await view(m, query);
      } catch (e) {
        show(t('appName'), h('h1', {}, t('appName')), h('p', { role: 'alert', class: 'error' }, problemMessage(e.problem || e)));
      }
      return;
    }
  }
  home(roleLinks());
}

function header() {
  const who = me();
  const nav = document.getElementById('nav');
  const live = h('span', { id: 'live', class: 'live', role: 'status' });
  nav.replaceChildren(
    who ? h('span', { class: 'who', id: 'who' }, t('signedInAs', { role: t(`roles.${who.role}`), taxCode: who.taxCode || '-' })) : null,
    live,
    who ? h('button', { type: 'button', id: 'sign-out', class: 'link', onclick: () => { signOut(); location.hash = '#/'; } }, t('signOut'))
      : h('button', { type: 'button', id: 'sign-in', class: 'link', onclick: startSignIn }, t('signIn')),
    h('button', { type: 'button', id: 'lang', class: 'link', lang: lang() === 'vi' ? 'en' : 'vi', 'aria-label': t('langSwitchLabel'),
      onclick: () => { setLang(lang() === 'vi' ? 'en' : 'vi'); renderAll(); } }, t('langSwitch')));
  document.querySelector('.brand').textContent = t('appName');
  document.querySelector('.skip').textContent = t('skip');
}

async function startSignIn() {
  try {
    await signIn(appRoot, location.hash || '#/');
  } catch {
    show(t('signIn'), h('h1', {}, t('signIn')), h('p', { role: 'alert' }, t('signInUnavailable')));
  }
}

function renderAll() {
  header();
  route();
}

async function boot() {
  setLang(lang());
  header(); // the header as the session in this tab's storage has it, before waiting for anything: no layout shift later
  await loadConfig(appRoot).catch(() => null);
  try {
    await completeSignIn(appRoot);
  } catch (e) {
    show(t('signIn'), h('h1', {}, t('signIn')), h('p', { role: 'alert' }, String(e.message)));
  }
  onAuthChange(() => header());
  onLiveState((on) => {
    const live = document.getElementById('live');
    if (live) {
      live.textContent = on ? `● ${t('liveOn')}` : '';
      live.className = on ? 'live on' : 'live';
    }
  });
  window.addEventListener('hashchange', route);
  renderAll();
  if (me()) startLive();
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(new URL('sw.js', appRoot), { scope: appRoot.pathname }).catch(() => {});
  }
}

boot();
