// The enterprise's signing keys: one made on this phone (non-extractable, in IndexedDB) and registered by its public
// JWK; every registered key listed, any revoked (a lost phone).
import { api } from '../api.js';
import { me } from '../auth.js';
import { h, show, announce } from '../dom.js';
import { t, dateTime, problemMessage } from '../i18n.js';
import { createKey, saveKey, phoneKey, forgetKey } from '../jose.js';

export async function keys() {
  const who = me();
  if (!who || !who.taxCode) return show(t('keysTitle'), h('h1', {}, t('keysTitle')), h('p', {}, t('notSignedIn')));
  const message = h('p', { id: 'keys-message', role: 'status' });
  const list = h('ul', { id: 'key-list', class: 'cards' });
  const mine = await phoneKey(who.taxCode);
  const create = h('button', { type: 'button', id: 'create-key', onclick: async () => {
    create.disabled = true;
    try {
      const { record, jwk } = await createKey(who.taxCode);
      await api(`enterprises/${who.taxCode}/keys`, { method: 'POST', json: { jwk } });
      await saveKey(record);
      announce(t('keyCreated'));
      keys();
    } catch (e) {
      message.textContent = problemMessage(e.problem || e);
      create.disabled = false;
    }
  } }, t('keyCreate'));
  show(t('keysTitle'), h('h1', {}, t('keysTitle')), h('p', {}, t('keysIntro')), mine ? null : create, message, list);
  try {
    const { items } = await api(`enterprises/${who.taxCode}/keys`);
    if (!items.length) list.replaceWith(h('p', { id: 'key-list' }, t('keyNone')));
    list.replaceChildren(...items.map((k) => keyCard(k, who.taxCode, mine)));
  } catch (e) {
    message.textContent = problemMessage(e.problem || e);
  }
}

function keyCard(k, taxCode, mine) {
  const isMine = mine && mine.kid === k.kid;
  const revoke = h('button', { type: 'button', class: 'secondary', 'data-kid': k.kid }, t('keyRevoke'));
  revoke.addEventListener('click', async () => {
    if (revoke.dataset.armed !== 'yes') {
      revoke.dataset.armed = 'yes';
      revoke.textContent = t('keyRevokeConfirm', { kid: k.kid.slice(0, 8) });
      return;
    }
    revoke.disabled = true;
    try {
      await api(`enterprises/${taxCode}/keys/${encodeURIComponent(k.kid)}`, { method: 'DELETE' });
      if (isMine) await forgetKey(taxCode);
      keys();
    } catch (e) {
      announce(problemMessage(e.problem || e));
      revoke.disabled = false;
    }
  });
  return h('li', { class: 'card' },
    h('p', {}, h('span', { class: 'code' }, k.kid.slice(0, 16), '…'), ' ',
      isMine ? h('strong', { class: 'badge' }, t('keyThisPhone')) : null),
    h('p', { class: 'muted' }, k.status === 'active' ? t('keyActive') : t('keyRevoked'), ' · ', dateTime(k.createdAt)),
    k.status === 'active' ? revoke : null);
}
