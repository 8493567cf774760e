// One declaration at the desk: its facts, the goods lines with their duties across the page's width, its documents
// below them (shown in the browser, each checked against the SHA-256 the declarant signed), the actions its status
// allows, the channel decision in plain words, the history with customs-only notes marked, and the payments.
import { api } from '../api.js';
import { h, show, announce } from '../dom.js';
import { t, money, amount, problemMessage } from '../i18n.js';
import { when, word, onLiveHere } from '../desk-common.js';
import { actions } from './desk-actions.js';

const optional = (p) => p.catch((e) => (e.status === 404 ? null : Promise.reject(e)));

export async function deskDeclaration(id, notice) {
  const path = `declarations/${encodeURIComponent(id)}`;
  const [d, docs, decision, history, payments] = await Promise.all([
    api(path),
    optional(api(`${path}/documents`)),
    optional(api(`${path}/decision`)),
    optional(api(`${path}/history`)),
    optional(api(`${path}/payments`)),
  ]);
  const doc = d.declaration || {};
  const number = d.number || d.id.slice(0, 8);
  const reload = (text) => deskDeclaration(id, text);
  // Alerts about it (gate, seal) redraw the page; its queue events (queue.*) are for the queue page: the officer's
  // own action here makes one, and redrawing on it would wipe the action's notice.
  onLiveHere((ev) => { if (ev.declarationId === id && !/^queue\./.test(ev.eventType || '')) reload(); });

  show(t('desk.declaration', { number }),
    h('p', { class: 'crumbs' }, h('a', { href: `#/queue/${d.channel === 'RED' ? 'red' : 'yellow'}` }, `← ${t('desk.queue')}`)),
    h('h1', {}, t('desk.declaration', { number })),
    notice ? h('p', { class: 'notice ok', role: 'status', id: 'desk-notice' }, notice) : null,
    h('div', { class: 'summary' },
      h('p', { class: `channel channel-${(d.channel || 'none').toLowerCase()}`, id: 'channel' },
        h('strong', {}, d.channel ? t(d.channel) : '—'), h('span', { id: 'status-text' }, t(`statuses.${d.status}`))),
      h('dl', { class: 'facts', id: 'facts' },
        fact(t('desk.enterprise'), whole(d.enterpriseTaxCode)),
        d.brokerTaxCode ? fact(t('desk.broker'), whole(d.brokerTaxCode)) : null,
        fact(t('desk.typeProcedure'), `${t(doc.type || d.type)} · ${doc.procedureCode || ''}`),
        fact(t('desk.office'), whole(d.customsOfficeCode)),
        fact(t('desk.gateInForce'), whole(d.borderGateCode)),
        fact(t('desk.transport'), [`${doc.transportMode || ''} · ${t('desk.transportDocument')} `, whole(doc.transportDocument || '')]),
        fact(t('desk.containers'), (doc.containers || []).length ? (doc.containers).map((c, i) => [i ? ', ' : '', whole(c)]) : '—'),
        fact(t('desk.invoice'), doc.invoice ? [whole(doc.invoice.number), ' · ', whole(doc.invoice.date)] : '—'),
        fact(t('desk.incoterm'), `${doc.incoterm || ''} · ${doc.currency || ''}`),
        fact(t('desk.submitted'), [whole(when(d.submittedAt)), ' · ', t('desk.version', { n: d.version })]))),
    goods(doc, d.assessment),
    documents(id, docs),
    actions(d, reload),
    decisionRecord(decision),
    historyList(history),
    paymentList(d, payments));
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

/** A code, number or date, kept on one line: the text around it wraps instead. */
const whole = (text) => h('span', { class: 'nowrap' }, text);

/**
 * The goods lines across the whole width under the facts: every column in view at 1280 px and at 1024 px, long
 * descriptions wrapping, codes and numbers on one line, each line's duties (VND) beside its value, totals below.
 */
function goods(doc, assessment) {
  const items = doc.items || [];
  const duties = new Map((assessment ? assessment.items : [])
    .map((a) => [a.index, a.lines.reduce((sum, l) => sum + Number(l.amount), 0)]));
  const valueTotal = items.reduce((sum, it) => sum + Number(it.value), 0);
  const num = { class: 'num' };
  const columns = [[t('desk.line'), num], [t('desk.hs')], [t('desk.description')], [t('desk.origin')], [t('desk.quantity'), num],
    [t('desk.weights'), num], [t('desk.value'), num], [t('desk.duties'), num], [t('desk.co')]];
  return h('section', { class: 'panel', 'aria-labelledby': 'goods-h' },
    h('h2', { id: 'goods-h' }, t('desk.goods')),
    h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'goods-h' },
      h('table', { class: 'grid goods', id: 'goods' },
        h('thead', {}, h('tr', {}, columns.map(([c, attrs]) => h('th', { scope: 'col', ...attrs }, c)))),
        h('tbody', {}, items.map((it, i) => h('tr', {},
          h('th', { scope: 'row', class: 'num' }, String(i + 1)), h('td', { class: 'code' }, it.hsCode),
          h('td', { class: 'description' }, it.description), h('td', {}, it.origin),
          h('td', num, `${it.quantity} ${it.unit}`), h('td', num, `${it.grossWeightKg} / ${it.netWeightKg}`),
          h('td', num, amount(it.value, doc.currency)), h('td', num, duties.has(i) ? money(duties.get(i)) : '—'),
          h('td', { class: 'co' }, it.certificateOfOrigin ? `${it.certificateOfOrigin.form} ${it.certificateOfOrigin.number}` : '—')))),
        items.length > 1 || assessment ? h('tfoot', {}, h('tr', {},
          h('th', { scope: 'row', colspan: '6' }, t('total')),
          h('td', num, amount(valueTotal, doc.currency)),
          h('td', num, assessment ? money(assessment.totalPayable) : '—'),
          h('td'))) : null)));
}

function documents(id, docs) {
  const items = docs ? docs.items : [];
  const viewer = h('div', { class: 'viewer', id: 'doc-viewer', 'aria-live': 'polite' });
  const label = (x) => `${t(`desk.kinds.${x.kind}`)} ${x.number}`;
  const open = async (x, button) => {
    button.disabled = true;
    viewer.replaceChildren(h('p', {}, t('loading')));
    try {
      const res = await api(`declarations/${encodeURIComponent(id)}/documents/${encodeURIComponent(x.documentId)}`, { raw: true });
      const bytes = await res.arrayBuffer();
      const hash = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
      const ok = hash === x.sha256;
      const type = x.mediaType || res.headers.get('Content-Type') || 'application/octet-stream';
      const url = URL.createObjectURL(new Blob([bytes], { type }));
      const shown = type.startsWith('image/')
        ? h('img', { src: url, alt: label(x), id: 'doc-image' })
        : h('iframe', { src: url, title: label(x), id: 'doc-frame' });
      viewer.replaceChildren(
        h('h3', {}, t('desk.viewing', { what: label(x) })),
        h('p', { class: ok ? 'verified' : 'error', id: 'doc-hash', 'data-ok': String(ok) }, ok ? '✓ ' : '✗ ', ok ? t('desk.hashOk') : t('desk.hashBad')),
        h('p', {}, h('a', { href: url, download: `${x.kind}-${x.number}`.replace(/[^A-Za-z0-9._-]/g, '_') }, t('desk.download'))),
        shown);
      announce(t('desk.viewing', { what: label(x) }));
    } catch (e) {
      viewer.replaceChildren(h('p', { role: 'alert', class: 'error' }, problemMessage(e.problem || e)));
    } finally {
      button.disabled = false;
    }
  };
  return h('section', { class: 'panel', 'aria-labelledby': 'docs-h' },
    h('h2', { id: 'docs-h' }, t('desk.documents')),
    items.length ? h('ul', { class: 'doc-list', id: 'documents' }, items.map((x, i) => {
      const button = h('button', { type: 'button', class: 'secondary', id: `view-doc-${i}`, 'aria-label': t('desk.view', { what: label(x) }) }, t('desk.view', { what: '' }).trim() || '→');
      button.addEventListener('click', () => open(x, button));
      return h('li', { 'data-document': x.documentId },
        h('div', {}, h('strong', {}, label(x)), h('br'),
          h('span', { class: 'muted' }, t('desk.issuedBy', { issuer: x.issuer, date: x.date }), x.sizeBytes ? ` · ${Math.ceil(x.sizeBytes / 1024)} KB` : '')),
        button);
    })) : h('p', {}, t('desk.documentsNone')),
    viewer);
}

function decisionRecord(r) {
  const body = [h('h2', { id: 'decision-h' }, t('desk.decision'))];
  if (!r || !r.decision) {
    body.push(h('p', {}, t('desk.decisionNone')));
  } else {
    const d = r.decision;
    const codes = d.reasonCodes || [];
    body.push(
      h('p', {}, h('strong', {}, t(r.channel || d.channel)), ' · ', t('desk.ruleset', { id: r.rulesetId, version: r.rulesetVersion }), ' · ', when(r.decidedAt)),
      h('ul', { id: 'decision-reasons' }, codes.map((c) => h('li', {}, word('reasonCodes', c)))),
      d.thresholds ? h('p', {}, t('desk.score', { score: d.score, yellow: d.thresholds.yellow, red: d.thresholds.red })) : null,
      d.priorityEnterprise ? h('p', {}, t('desk.priority')) : null,
      (d.contributions || []).length ? [h('h3', {}, t('desk.indicators')),
        h('ul', {}, d.contributions.map((c) => h('li', {}, c.explanation || c.indicatorId, c.observed ? ` (${c.observed})` : '', ` · +${c.weight}`)))] : null,
      (d.interventions || []).length ? [h('h3', {}, t('desk.interventions')),
        h('ul', {}, d.interventions.map((i) => h('li', {}, `${t(i.channel)}: `, i.explanation || i.ruleId)))] : null,
      d.randomSelection ? h('p', {}, t('desk.random', { applied: d.randomSelection.applied ? t('desk.randomYes') : t('desk.randomNo') })) : null);
  }
  return h('section', { class: 'panel', id: 'decision', 'aria-labelledby': 'decision-h' }, body);
}

function historyList(history) {
  const entries = history ? history.entries : [];
  return h('section', { class: 'panel', 'aria-labelledby': 'history-h' },
    h('h2', { id: 'history-h' }, t('desk.history')),
    h('ol', { class: 'history', id: 'history' }, entries.map((e) => {
      const details = e.details || {};
      return h('li', { 'data-action': e.action },
        h('p', {}, h('strong', {}, e.action), ' · ', when(e.at), ' · ', e.actor),
        details.reason ? h('p', {}, details.reason) : null,
        details.result ? h('p', {}, word('desk', details.result), details.severity ? ` · ${word('desk.severities', details.severity)}` : '') : null,
        details.customsNote ? h('p', { class: 'customs-note' }, h('span', { class: 'tag-customs' }, t('desk.customsOnly')), ' ', details.customsNote) : null);
    })));
}

function paymentList(d, payments) {
  const items = payments ? payments.items : [];
  return h('section', { class: 'panel', 'aria-labelledby': 'payments-h' },
    h('h2', { id: 'payments-h' }, t('desk.payments')),
    d.assessment ? h('p', {}, `${t('desk.totalPayable')}: `, h('strong', { id: 'total-payable' }, money(d.assessment.totalPayable))) : null,
    items.length ? h('table', { class: 'grid', id: 'payments' },
      h('thead', {}, h('tr', {}, ['Ref', t('status'), t('desk.value'), t('paidAt')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, items.map((p) => h('tr', {}, h('td', { class: 'code' }, p.reference), h('td', {}, word('desk.paymentStatus', p.status)),
        h('td', { class: 'num' }, money(p.amountVnd)), h('td', {}, when(p.paidAt))))))
      : h('p', {}, t('desk.paymentsNone')));
}
