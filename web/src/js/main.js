// The app's entry: sign-in completion, the header, hash routes (#/...: shareable, and the same shell serves every
// route, offline too), the language switch and the service worker.
import { appRoot } from './api.js';
import { completeSignIn, loadConfig, me, onAuthChange, signIn, signOut } from './auth.js';
import { h, show } from './dom.js';
import { lang, setLang, t, problemMessage } from './i18n.js';
import { startLive, onLiveState } from './live.js';
import { home, procedure } from './views/procedures.js';

// The citizen's pages are in the first load; a trader's or broker's pages are loaded when first opened (and kept by
// the service worker for offline use), so the home page's main thread parses and runs only what it shows.
const views = {
  keys: () => import('./views/keys.js'),
  declare: () => import('./views/declare.js'),
  declaration: () => import('./views/declaration.js'),
  list: () => import('./views/list.js'),
};
let declarationView = null; // once loaded: its live following stops when the route changes
const declarationPage = async () => {
  declarationView = await views.declaration();
  return declarationView;
};

const routes = [
  [/^\/$/, () => home(roleLinks())],
  [/^\/procedures\/([^/]+)$/, (m) => procedure(decodeURIComponent(m[1]))],
  [/^\/keys$/, async () => (await views.keys()).keys()],
  [/^\/declarations$/, async () => (await views.list()).list()],
  [/^\/declarations\/([0-9a-f-]{36})$/, async (m) => (await declarationPage()).declaration(m[1])],
  [/^\/declare$/, async () => (await views.declare()).declare(null)],
  [/^\/declare\/([0-9a-f-]{36})$/, async (m) => (await views.declare()).declare(m[1])],
  [/^\/declare\/([0-9a-f-]{36})\/review$/, async (m) => (await views.declare()).review(m[1])],
  [/^\/payments\/return$/, async (m, query) => (await declarationPage()).paymentReturn(query)],
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
  if (declarationView) declarationView.stopFollowing();
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
  const q = new URLSearchParams(location.search);
  if (q.has('code') || q.has('error')) {
    // back from the issuer: the code is exchanged before any page is drawn
    await loadConfig(appRoot).catch(() => null);
    try {
      await completeSignIn(appRoot);
    } catch (e) {
      show(t('signIn'), h('h1', {}, t('signIn')), h('p', { role: 'alert' }, String(e.message)));
    }
  } else {
    // otherwise the page is drawn at once; the issuer's configuration is only needed for a sign-in
    loadConfig(appRoot).catch(() => null);
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
