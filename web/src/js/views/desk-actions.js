// What an officer can do with a declaration in its status: record a document check or physical inspection
// (compliant, or a violation with its severity), change the channel, hold released goods, lift a hold, send the goods
// out through another gate. Each asks for the public reason the law asks for and takes a customs-only note.
import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { form } from '../desk-common.js';

const IN_CHECK = ['DOCUMENT_CHECK', 'PHYSICAL_INSPECTION'];

function reasonFields() {
  return [
    { name: 'reason', label: t('desk.publicReason'), hint: t('desk.publicReasonHint'), kind: 'textarea', required: true, max: 500 },
    { name: 'note', label: t('desk.note'), hint: t('desk.customsOnlyHint'), kind: 'textarea', customsOnly: true, max: 2000 },
  ];
}

export function actions(d, reload) {
  const path = `declarations/${encodeURIComponent(d.id)}`;
  const post = (sub, json) => api(`${path}/${sub}`, { method: 'POST', json });
  const forms = [];
  if (IN_CHECK.includes(d.status)) {
    forms.push(form({
      id: 'inspection',
      legend: d.status === 'DOCUMENT_CHECK' ? t('desk.inspectionDocs') : t('desk.inspectionPhysical'),
      accesskey: 'r',
      fields: [
        { name: 'result', label: t('desk.result'), kind: 'radio', options: [['COMPLIANT', t('desk.COMPLIANT')], ['VIOLATION', t('desk.VIOLATION')]] },
        { name: 'severity', label: t('desk.severity'), kind: 'select',
          options: [['', '—'], ...['MINOR', 'SERIOUS', 'CRIMINAL'].map((s) => [s, t(`desk.severities.${s}`)])] },
        { name: 'note', label: t('desk.note'), hint: t('desk.customsOnlyHint'), kind: 'textarea', customsOnly: true, max: 2000 },
      ],
      submitLabel: t('desk.record'),
      submit: async (v) => {
        if (v.result !== 'VIOLATION') delete v.severity;
        const r = await post('inspection', v);
        reload(`${t('desk.recorded', { status: t(`statuses.${r.status}`) })}${r.held ? ` ${t('desk.held')}` : ''}`);
      },
    }));
  }
  if ([...IN_CHECK, 'AWAITING_PAYMENT'].includes(d.status)) {
    forms.push(form({
      id: 'reroute',
      legend: t('desk.reroute'),
      fields: [
        { name: 'channel', label: t('desk.channel'), kind: 'select',
          options: ['YELLOW', 'RED', 'GREEN'].filter((c) => c !== d.channel).map((c) => [c, t(c)]) },
        ...reasonFields(),
      ],
      submitLabel: t('desk.rerouteDo'),
      submit: async (v) => { const r = await post('reroute', v); reload(t('desk.done', { status: t(`statuses.${r.status}`) })); },
    }));
  }
  if (d.status === 'RELEASED') {
    forms.push(form({
      id: 'hold', legend: t('desk.hold'), fields: reasonFields(), submitLabel: t('desk.holdDo'),
      submit: async (v) => { const r = await post('hold', v); reload(t('desk.done', { status: t(`statuses.${r.status}`) })); },
    }));
  }
  if (d.status === 'HELD') {
    forms.push(form({
      id: 'lift', legend: t('desk.lift'), fields: reasonFields(), submitLabel: t('desk.liftDo'),
      submit: async (v) => { const r = await post('hold/lift', v); reload(t('desk.done', { status: t(`statuses.${r.status}`) })); },
    }));
  }
  if (['RELEASED', 'HELD'].includes(d.status)) {
    forms.push(form({
      id: 'border-gate', legend: t('desk.borderGate'),
      fields: [{ name: 'borderGateCode', label: t('desk.newGate'), kind: 'text', required: true, max: 16 }, ...reasonFields()],
      submitLabel: t('desk.borderGateDo'),
      submit: async (v) => { const r = await post('border-gate', v); reload(t('desk.done', { status: t(`statuses.${r.status}`) })); },
    }));
  }
  return h('section', { class: 'panel actions-panel', id: 'actions', 'aria-labelledby': 'actions-h' },
    h('h2', { id: 'actions-h' }, t('desk.actions')),
    h('p', { class: 'muted' }, t('desk.actions_keys')),
    forms.length ? h('div', { class: 'forms' }, forms) : h('p', {}, t('desk.actionsNone')));
}
