// The officer's desk (desk.html): sign-in as an officer, hash routes for the queue, a declaration and the gates,
// the live alerts beside every page, the language switch. Desktop-first; usable on a tablet.
import { appRoot } from './api.js';
import { completeSignIn, loadConfig, me, onAuthChange, signIn, signOut } from './auth.js';
import { h, show } from './dom.js';
import { addWords, lang, setLang, t, problemMessage } from './i18n.js';
import { startLive, onLiveState } from './live.js';
import { deskWords } from './desk-words.js';
import { leaveView } from './desk-common.js';
import { queue } from './views/desk-queue.js';
import { deskDeclaration } from './views/desk-declaration.js';
import { gates, gate } from './views/desk-gates.js';
import { alerts } from './views/desk-alerts.js';

addWords(deskWords);
const deskRoot = new URL('desk.html', appRoot);
let liveState = 'off';

const routes = [
  [/^\/$/, () => queue('yellow')],
  [/^\/queue\/(yellow|red)$/, (m) => queue(m[1])],
  [/^\/declarations\/([0-9a-f-]{36})$/, (m) => deskDeclaration(m[1])],
  [/^\/gates$/, () => gates()],
  [/^\/gates\/([A-Z0-9]{1,16})$/, (m) => gate(m[1])],
];

function officer() {
  const who = me();
  return who && who.role === 'officer' ? who : null;
}

async function route() {
  const hash = location.hash || '#/';
  if (!hash.startsWith('#/')) return; // an in-page link such as the skip link
  leaveView();
  if (!officer()) {
    show(t('desk.title'), h('h1', {}, t('desk.title')), h('p', { id: 'officer-only' }, t('desk.officerOnly')),
      me() ? null : h('p', {}, h('button', { type: 'button', id: 'sign-in-main', onclick: startSignIn }, t('signIn'))));
    return;
  }
  const path = hash.slice(1).split('?')[0];
  for (const [re, view] of routes) {
    const m = path.match(re);
    if (m) {
      try {
        await view(m);
      } catch (e) {
        show(t('desk.title'), h('h1', {}, t('desk.title')), h('p', { role: 'alert', class: 'error' }, problemMessage(e.problem || e)));
      }
      return;
    }
  }
  queue('yellow');
}

function header() {
  const who = officer();
  const path = (location.hash || '#/').slice(1);
  const current = (re) => (re.test(path) ? 'page' : null);
  document.getElementById('desk-nav').replaceChildren(...(who ? [
    h('a', { href: '#/queue/yellow', id: 'nav-queue', accesskey: 'q', 'aria-current': current(/^\/($|queue)/) }, t('desk.queue')),
    h('a', { href: '#/gates', id: 'nav-gates', accesskey: 'g', 'aria-current': current(/^\/gates/) }, t('desk.gates')),
  ] : []));
  const signed = me();
  document.getElementById('nav').replaceChildren(
    signed ? h('span', { class: 'who', id: 'who' }, signed.role === 'officer'
      ? t('desk.signedInAs', { subject: signed.subject || '-', offices: sessionStorage.getItem('dc.desk.offices') || '…' })
      : t(`roles.${signed.role}`)) : null,
    h('span', { id: 'live', role: 'status' }),
    signed ? h('button', { type: 'button', id: 'sign-out', class: 'link', onclick: () => { signOut(); location.hash = '#/'; renderAll(); } }, t('signOut'))
      : h('button', { type: 'button', id: 'sign-in', class: 'link', onclick: startSignIn }, t('signIn')),
    h('button', { type: 'button', id: 'lang', class: 'link', lang: lang() === 'vi' ? 'en' : 'vi', 'aria-label': t('langSwitchLabel'),
      onclick: () => { setLang(lang() === 'vi' ? 'en' : 'vi'); renderAll(); } }, t('langSwitch')));
  showLive();
  document.querySelector('.brand').textContent = t('desk.title');
  document.querySelector('.skip').textContent = t('skip');
  document.getElementById('desk-nav').setAttribute('aria-label', t('desk.nav'));
}

/** The live stream's state, for the officer to see whether the queue follows live (data-state for tests). */
function showLive() {
  const live = document.getElementById('live');
  if (!live) return;
  const text = { live: `● ${t('liveOn')}`, connecting: t('desk.liveConnecting'), reconnecting: t('desk.liveReconnecting') };
  live.textContent = text[liveState] || '';
  live.className = `live ${liveState === 'live' ? 'on' : liveState}`;
  live.dataset.state = liveState;
}

async function startSignIn() {
  try {
    await signIn(deskRoot, location.hash || '#/');
  } catch {
    show(t('signIn'), h('h1', {}, t('signIn')), h('p', { role: 'alert' }, t('signInUnavailable')));
  }
}

function renderAll() {
  header();
  alerts(document.getElementById('alerts'), Boolean(officer()));
  route();
}

async function boot() {
  setLang(lang());
  await loadConfig(deskRoot).catch(() => null);
  try {
    await completeSignIn(deskRoot);
  } catch (e) {
    show(t('signIn'), h('h1', {}, t('signIn')), h('p', { role: 'alert' }, String(e.message)));
  }
  onAuthChange(() => header());
  onLiveState((on, state) => {
    liveState = state;
    showLive();
  });
  window.addEventListener('hashchange', () => { header(); route(); });
  document.addEventListener('desk:offices', () => header());
  renderAll();
  if (officer()) startLive();
}

boot();
