// One declaration: channel and what happens next, the reasons in plain words, duties line by line; paying through
// the gateway (which sends the browser back into the app); the e-receipt verified here against the service's
// published keys; every change shown live (SSE) while the page is open.
import { api, once } from '../api.js';
import { me } from '../auth.js';
import { h, show, announce } from '../dom.js';
import { t, money, dateTime, problemMessage } from '../i18n.js';
import { verify } from '../jose.js';
import { onEvent } from '../live.js';
import { preArrival, cancellation } from './declaration-actions.js';

const PAID_STATES = ['RELEASED', 'HELD', 'EXITED'];
let unsubscribe = null;
let poll = null;

function stopFollowing() {
  if (unsubscribe) unsubscribe();
  unsubscribe = null;
  clearInterval(poll);
  poll = null;
}

export async function declaration(id, note) {
  stopFollowing();
  let d;
  let given = null;
  const acting = ['trader', 'broker'].includes(me()?.role);
  try {
    // the pre-arrival information asked at the same time (404 when none was given yet)
    [d, given] = await Promise.all([
      api(`declarations/${encodeURIComponent(id)}`),
      acting ? api(`declarations/${encodeURIComponent(id)}/pre-arrival`).catch(() => null) : null,
    ]);
  } catch (e) {
    show(t('declTitle'), h('h1', {}, t('declTitle')), h('p', { role: 'alert', class: 'error' }, problemMessage(e.problem || e)));
    return;
  }
  const current = location.hash;
  unsubscribe = onEvent((ev) => {
    // the page is drawn again when the status changed (not for the echo of what it shows: a form may be half-filled)
    if (ev.declarationId === id && location.hash === current && ev.status !== d.status) {
      announce(t('statusChanged', { number: ev.declarationNumber || '', status: t(`statuses.${ev.status}`) }));
      declaration(id, note);
    }
  });
  const channel = d.channel ? h('p', { class: `channel channel-${d.channel.toLowerCase()}`, id: 'channel' },
    h('strong', {}, t(d.channel)), h('span', {}, d.status === 'AWAITING_PAYMENT' || d.channel !== 'GREEN' ? t(`next${d.channel}`) : '')) : null;
  const reasons = d.reasons && d.reasons.length ? [h('h2', {}, t('reasons')),
    h('ul', { id: 'reasons' }, d.reasons.map((r) => h('li', {}, t(`reasonCodes.${r}`) === `reasonCodes.${r}` ? r : t(`reasonCodes.${r}`))))] : [];
  const body = [
    h('h1', {}, t('declTitle'), d.number ? ` ${d.number}` : ''),
    note ? h('p', { class: note.ok ? 'notice ok' : 'notice', role: 'status', id: 'pay-note' }, note.text) : null,
    h('dl', { class: 'facts' },
      h('dt', {}, t('status')), h('dd', { id: 'status-text' }, t(`statuses.${d.status}`)),
      h('dt', {}, t('declarantTaxCode')), h('dd', {}, d.enterpriseTaxCode),
      d.submittedAt ? [h('dt', {}, t('submittedAt')), h('dd', {}, dateTime(d.submittedAt))] : null),
    channel,
    reasons,
    duties(d.assessment),
  ];
  if (d.status === 'AWAITING_PAYMENT') {
    body.push(payButton(d));
    if (note && note.ok) {
      // the bank's IPN settles; until it arrives the page asks again every second (the live stream tells too)
      poll = setInterval(async () => {
        try {
          const again = await api(`declarations/${encodeURIComponent(id)}`);
          if (again.status !== 'AWAITING_PAYMENT' && location.hash === current) declaration(id, note);
        } catch { /* next time */ }
      }, 1000);
    }
  }
  if (PAID_STATES.includes(d.status) && d.assessment && Number(d.assessment.totalPayable) > 0) {
    body.push(receipt(d.id));
  }
  if (acting) body.push(preArrival(d, given), cancellation(d, () => declaration(id)));
  show(`${t('declTitle')} ${d.number || ''}`, body);
}

function duties(a) {
  if (!a) return null;
  const rows = [];
  for (const item of a.items) {
    for (const l of item.lines) {
      rows.push(h('tr', {},
        h('td', {}, `${item.index + 1}. ${item.hsCode}`),
        h('td', {}, t(`taxes.${l.tax}`), l.rate != null ? ` ${(Number(l.rate) * 100).toLocaleString('vi-VN')}%` : '',
          h('br'), h('small', {}, t('taxBase', { base: money(l.base) }), l.basis && l.basis !== 'MFN' ? ` · ${l.basis}` : '')),
        h('td', { class: 'num' }, money(l.amount))));
    }
  }
  return h('section', { 'aria-labelledby': 'duties-h' },
    h('h2', { id: 'duties-h' }, t('duties')),
    h('table', { class: 'duties', id: 'duties' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('hsCode')), h('th', { scope: 'col' }, t('duties')), h('th', { scope: 'col', class: 'num' }, 'VND'))),
      h('tbody', {}, rows),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: '2' }, t('total')), h('td', { class: 'num', id: 'total-payable' }, money(a.totalPayable))))));
}

function payButton(d) {
  const status = h('p', { role: 'status', id: 'pay-status' });
  const button = h('button', { type: 'button', id: 'pay', onclick: async () => {
    button.disabled = true;
    status.textContent = t('payOpening');
    const k = `dc.pay.${d.id}`;
    const key = sessionStorage.getItem(k) || crypto.randomUUID();
    sessionStorage.setItem(k, key);
    try {
      const p = await once(`declarations/${d.id}/payments`, { method: 'POST', key });
      if (p.status === 'PENDING' && p.paymentUrl) {
        sessionStorage.removeItem(k);
        location.assign(p.paymentUrl);
        return;
      }
      status.textContent = p.status;
    } catch (e) {
      sessionStorage.removeItem(k);
      status.textContent = problemMessage(e.problem || e);
    }
    button.disabled = false;
  } }, t('pay', { amount: money(d.totalPayableVnd || d.assessment?.totalPayable) }));
  return [button, status];
}

function receipt(id) {
  const box = h('section', { id: 'receipt', class: 'receipt', 'aria-labelledby': 'receipt-h' }, h('h2', { id: 'receipt-h' }, t('receipt')), h('p', {}, t('loading')));
  (async () => {
    try {
      const [jws, jwks] = await Promise.all([
        api(`declarations/${id}/receipt`, { headers: { Accept: 'application/jose' } }),
        api('.well-known/jwks.json', { headers: { Accept: 'application/jwk-set+json, application/json' } }),
      ]);
      const keys = typeof jwks === 'string' ? JSON.parse(jwks) : jwks;
      const { valid, payload } = await verify(String(jws).trim(), keys);
      box.replaceChildren(
        h('h2', { id: 'receipt-h' }, t('receipt')),
        h('p', { class: valid ? 'verified' : 'error', id: 'receipt-verified' }, valid ? '✓ ' : '✗ ', valid ? t('receiptVerified') : t('receiptBad')),
        payload ? h('dl', { class: 'facts' },
          h('dt', {}, t('receiptNo')), h('dd', {}, payload.receiptId),
          h('dt', {}, t('total')), h('dd', { id: 'receipt-total' }, money(payload.totalVnd)),
          h('dt', {}, t('paidAt')), h('dd', {}, dateTime(payload.paidAt))) : null);
    } catch (e) {
      box.replaceChildren(h('h2', { id: 'receipt-h' }, t('receipt')), h('p', {}, problemMessage(e.problem || e)));
    }
  })();
  return box;
}

/** Back from the gateway: the return's signature checked by the api, then the declaration. */
export async function paymentReturn(query) {
  stopFollowing();
  show(t('payBack'), h('h1', {}, t('payBack')), h('p', {}, t('loading')));
  let r;
  try {
    r = await api(`payments/vnpay/return?${query}`);
  } catch (e) {
    show(t('payBack'), h('h1', {}, t('payBack')), h('p', { role: 'alert', class: 'error' }, problemMessage(e.problem || e)));
    return;
  }
  const text = !r.signatureValid ? t('payForged') : r.success ? t('payOk') : t('payFailed');
  const declarationId = r.payment && r.payment.declarationId;
  if (declarationId && me()) {
    history.replaceState(null, '', `#/declarations/${declarationId}`);
    declaration(declarationId, { ok: r.signatureValid && r.success, text });
    return;
  }
  show(t('payBack'), h('h1', {}, t('payBack')), h('p', { role: 'status' }, text));
}

export { stopFollowing };
