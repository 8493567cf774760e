// The declaration on the phone: parts (parties, transport, goods), saved as a draft in IndexedDB on every change;
// a check-your-answers page; then signed on the phone (compact JWS ES256) and submitted with one Idempotency-Key
// kept, with the signed bytes, across every retry of that submission, so a retry never makes a second declaration.
import { api, once, ApiError } from '../api.js';
import { me } from '../auth.js';
import { h, show, announce } from '../dom.js';
import { t, amount, problemMessage } from '../i18n.js';
import { hsCombobox } from '../hs-lookup.js';
import { phoneKey, sign } from '../jose.js';
import * as store from '../store.js';

const MODES = ['SEA', 'AIR', 'ROAD', 'RAIL', 'INLAND_WATERWAY', 'MULTIMODAL', 'POST', 'FIXED_INSTALLATION'];
const INCOTERMS = ['EXW', 'FCA', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'FAS', 'FOB', 'CFR', 'CIF'];
const CO_FORMS = ['', 'D', 'E', 'AK', 'AJ', 'AI', 'AANZ', 'AHK', 'VJ', 'VK', 'VC', 'S', 'EAV', 'EUR.1', 'CPTPP', 'RCEP'];
const NUMBERS = ['quantity', 'grossWeightKg', 'netWeightKg', 'value'];
const DOCUMENT_KINDS = ['COMMERCIAL_INVOICE', 'PACKING_LIST', 'BILL_OF_LADING', 'AIR_WAYBILL', 'CONTRACT', 'CERTIFICATE_OF_ORIGIN',
  'IMPORT_LICENCE', 'EXPORT_LICENCE', 'QUARANTINE_CERTIFICATE', 'INSPECTION_REGISTRATION', 'INSPECTION_RESULT', 'OTHER'];
const hex = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

function emptyItem() {
  return { hsCode: '', description: '', origin: '', quantity: '', unit: 'C62', grossWeightKg: '', netWeightKg: '', value: '' };
}

function newDraft(who, principal) {
  return {
    id: crypto.randomUUID(),
    updatedAt: new Date().toISOString(),
    doc: {
      type: 'IMPORT', procedureCode: 'A11',
      declarantTaxCode: who.role === 'broker' ? (principal || '') : who.taxCode,
      brokerTaxCode: who.role === 'broker' ? who.taxCode : null,
      customsOfficeCode: '03CC', borderGateCode: 'VNHPH', transportMode: 'SEA', transportDocument: '',
      containers: [], invoice: { number: '', date: '' }, incoterm: 'CIF', currency: 'USD', items: [emptyItem()],
    },
    submission: null,
    errors: [],
  };
}

/** The document as signed: numbers as numbers where they read as one, nothing empty that is optional. */
export function finalDocument(doc) {
  const out = JSON.parse(JSON.stringify(doc));
  if (!out.brokerTaxCode) delete out.brokerTaxCode;
  out.items = out.items.map((it) => {
    const item = { ...it };
    for (const n of NUMBERS) {
      const s = String(item[n]).trim().replace(',', '.');
      if (s === '') delete item[n];
      else if (/^\d+(\.\d+)?$/.test(s)) item[n] = Number(s);
    }
    if (!item.certificateOfOrigin || !item.certificateOfOrigin.form) delete item.certificateOfOrigin;
    return item;
  });
  // the file's name stays on the phone: the signed document names a file by its id and SHA-256
  if (out.documents && out.documents.length) out.documents = out.documents.map(({ fileName, ...d }) => d);
  else delete out.documents;
  return out;
}

const fieldId = (pointer) => `f${pointer.replace(/\//g, '-')}`;

export async function declare(draftId) {
  const who = me();
  if (!who || !who.taxCode) return show(t('declTitle'), h('h1', {}, t('declTitle')), h('p', {}, t('notSignedIn')));
  let draft = draftId ? await store.get('drafts', draftId) : null;
  if (!draft) {
    draft = newDraft(who, sessionStorage.getItem('dc.principal'));
    await store.put('drafts', draft);
    history.replaceState(null, '', `#/declare/${draft.id}`);
  }
  renderForm(draft);
}

let saveTimer = null;
function save(draft, now = false) {
  draft.updatedAt = new Date().toISOString();
  draft.submission = null; // a changed document is a new submission: new signature, new Idempotency-Key
  clearTimeout(saveTimer);
  if (now) return store.put('drafts', draft);
  saveTimer = setTimeout(() => store.put('drafts', draft), 250);
  return Promise.resolve();
}

function renderForm(draft) {
  const who = me();
  const doc = draft.doc;
  const errors = new Map((draft.errors || []).map((e) => [e.pointer, e.detail]));
  const shown = new Set();
  const total = h('p', { id: 'total', class: 'total', 'aria-live': 'polite' });
  const updateTotal = () => {
    const sum = doc.items.reduce((s, it) => s + (Number(String(it.value).replace(',', '.')) || 0), 0);
    total.textContent = t('totalValue', { v: amount(sum, doc.currency || 'USD') });
  };

  // a field of the declaration, named by its JSON pointer: its error shown with it, each change saved; or, named
  // by a plain id, a field of a sub-form that is not part of the declaration (the document about to be attached)
  function field(key, label, get, set, opts = {}) {
    const pointer = key.startsWith('/') ? key : null;
    const id = pointer ? fieldId(pointer) : key;
    const err = pointer ? errors.get(pointer) : null;
    if (err) shown.add(pointer);
    const attrs = {
      id, name: pointer, 'aria-invalid': err ? 'true' : null, 'aria-describedby': err ? `${id}-error` : null,
      ...(opts.attrs || {}),
    };
    let input;
    if (opts.options) {
      input = h('select', attrs, opts.options.map((o) => h('option', { value: o, selected: String(get()) === o }, opts.labels ? opts.labels(o) : (o || t('none')))));
    } else {
      input = h('input', { type: 'text', ...attrs, value: get() ?? '' });
    }
    input.addEventListener(opts.options ? 'change' : 'input', () => {
      set(input.value);
      if (!pointer) return;
      updateTotal();
      save(draft);
    });
    return h('div', { class: err ? 'field has-error' : 'field' },
      h('label', { for: id }, label),
      err ? h('p', { class: 'field-error', id: `${id}-error` }, h('span', { class: 'sr-only' }, 'Lỗi: '), err) : null,
      input);
  }

  // a broker declares for an enterprise that delegated to it: the field suggests them (the api's list of its
  // principals); typed by hand when the list cannot be had (offline)
  function principalField(div) {
    if (who.role !== 'broker') return div;
    const options = h('datalist', { id: 'principal-options' });
    div.append(options);
    api(`brokers/${encodeURIComponent(who.taxCode)}/principals?limit=500`)
      .then((page) => options.replaceChildren(...page.items.map((p) => h('option', { value: p.enterpriseTaxCode }))))
      .catch(() => {});
    return div;
  }

  // the HS code: typed as digits or looked up by words (a combobox over the api's tariff lookup)
  function hsField(i, it) {
    const div = field(`/items/${i}/hsCode`, t('hsCode'), () => it.hsCode, (v) => { it.hsCode = v.replace(/\D/g, '').slice(0, 8); },
      { attrs: { maxlength: 100, spellcheck: 'false' } });
    hsCombobox(div.querySelector('input'), (e) => {
      it.hsCode = e.hsCode;
      if (!String(it.description).trim()) {
        it.description = e.description;
        const d = document.getElementById(fieldId(`/items/${i}/description`));
        if (d) d.value = e.description;
      }
      save(draft);
    });
    return div;
  }

  const parties = h('fieldset', {}, h('legend', {}, '1. ', t('taskParties')),
    field('/type', t('type'), () => doc.type, (v) => { doc.type = v; }, { options: ['IMPORT', 'EXPORT'], labels: (o) => t(o) }),
    field('/procedureCode', t('procedureCode'), () => doc.procedureCode, (v) => { doc.procedureCode = v.trim().toUpperCase(); }, { attrs: { autocapitalize: 'characters' } }),
    principalField(field('/declarantTaxCode', who.role === 'broker' ? t('principal') : t('declarantTaxCode'), () => doc.declarantTaxCode,
      (v) => { doc.declarantTaxCode = v.trim(); },
      { attrs: { inputmode: 'numeric', readonly: who.role !== 'broker', list: who.role === 'broker' ? 'principal-options' : null } })),
    field('/customsOfficeCode', t('customsOfficeCode'), () => doc.customsOfficeCode, (v) => { doc.customsOfficeCode = v.trim().toUpperCase(); }),
    field('/invoice/number', t('invoiceNumber'), () => doc.invoice.number, (v) => { doc.invoice.number = v.trim(); }),
    field('/invoice/date', t('invoiceDate'), () => doc.invoice.date, (v) => { doc.invoice.date = v; }, { attrs: { type: 'date' } }),
    field('/incoterm', t('incoterm'), () => doc.incoterm, (v) => { doc.incoterm = v; }, { options: INCOTERMS }),
    field('/currency', t('currency'), () => doc.currency, (v) => { doc.currency = v.trim().toUpperCase(); }, { attrs: { maxlength: 3, autocapitalize: 'characters' } }));

  const transport = h('fieldset', {}, h('legend', {}, '2. ', t('taskTransport')),
    field('/transportMode', t('transportMode'), () => doc.transportMode, (v) => { doc.transportMode = v; }, { options: MODES }),
    field('/transportDocument', t('transportDocument'), () => doc.transportDocument, (v) => { doc.transportDocument = v.trim().toUpperCase(); }),
    field('/borderGateCode', t('borderGateCode'), () => doc.borderGateCode, (v) => { doc.borderGateCode = v.trim().toUpperCase(); }),
    field('/containers', t('containers'), () => (doc.containers || []).join(', '),
      (v) => { doc.containers = v.split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter(Boolean); }));

  const goods = h('fieldset', {}, h('legend', {}, '3. ', t('taskGoods')),
    doc.items.map((it, i) => h('div', { class: 'item' },
      h('h2', { class: 'item-h' }, t('item', { n: i + 1 })),
      hsField(i, it),
      field(`/items/${i}/description`, t('description'), () => it.description, (v) => { it.description = v; }),
      field(`/items/${i}/origin`, t('origin'), () => it.origin, (v) => { it.origin = v.trim().toUpperCase(); }, { attrs: { maxlength: 2, autocapitalize: 'characters' } }),
      field(`/items/${i}/quantity`, t('quantity'), () => it.quantity, (v) => { it.quantity = v; }, { attrs: { inputmode: 'decimal' } }),
      field(`/items/${i}/unit`, t('unit'), () => it.unit, (v) => { it.unit = v.trim().toUpperCase(); }),
      field(`/items/${i}/grossWeightKg`, t('grossWeightKg'), () => it.grossWeightKg, (v) => { it.grossWeightKg = v; }, { attrs: { inputmode: 'decimal' } }),
      field(`/items/${i}/netWeightKg`, t('netWeightKg'), () => it.netWeightKg, (v) => { it.netWeightKg = v; }, { attrs: { inputmode: 'decimal' } }),
      field(`/items/${i}/value`, t('value'), () => it.value, (v) => { it.value = v; }, { attrs: { inputmode: 'decimal' } }),
      field(`/items/${i}/certificateOfOrigin/form`, t('coForm'), () => it.certificateOfOrigin?.form || '',
        (v) => { it.certificateOfOrigin = v ? { form: v, number: it.certificateOfOrigin?.number || '' } : null; }, { options: CO_FORMS }),
      it.certificateOfOrigin ? field(`/items/${i}/certificateOfOrigin/number`, t('coNumber'), () => it.certificateOfOrigin.number,
        (v) => { it.certificateOfOrigin.number = v.trim(); }) : null,
      doc.items.length > 1 ? h('button', { type: 'button', class: 'secondary', onclick: async () => {
        doc.items.splice(i, 1); await save(draft, true); renderForm(draft);
      } }, t('removeItem', { n: i + 1 })) : null)),
    h('button', { type: 'button', class: 'secondary', id: 'add-item', onclick: async () => {
      doc.items.push(emptyItem()); await save(draft, true); renderForm(draft);
    } }, t('addItem')));

  // supporting documents: each file uploaded for the declarant first; the form keeps its id and SHA-256 (checked
  // here against the bytes picked, so the signature covers this very file) with its kind, number, issuer and date
  doc.documents = doc.documents || [];
  const documentError = (i) => {
    const at = [...errors.keys()].find((p) => p === `/documents/${i}` || p.startsWith(`/documents/${i}/`));
    if (!at) return null;
    shown.add(at);
    return h('p', { class: 'field-error', id: fieldId(at) , tabindex: '-1' }, errors.get(at));
  };
  const attach = { kind: 'COMMERCIAL_INVOICE', number: '', issuer: '', date: '' };
  const attachStatus = h('p', { id: 'document-status', role: 'status' });
  const fileField = field('document-file', t('documentFile'), () => '', () => {},
    { attrs: { type: 'file', accept: 'application/pdf,image/jpeg,image/png' } });
  const fileInput = fileField.querySelector('input');
  const documents = h('fieldset', { id: 'documents' }, h('legend', {}, '4. ', t('taskDocuments')),
    h('ul', { class: 'cards', id: 'document-list' }, doc.documents.map((d, i) => h('li', { class: 'card', 'data-sha256': d.sha256 },
      documentError(i),
      h('strong', {}, t(`doc.${d.kind}`), ' · ', d.number),
      h('p', { class: 'muted' }, `${d.issuer} · ${d.date} · ${d.fileName || ''} · SHA-256 ${d.sha256.slice(0, 12)}…`),
      h('button', { type: 'button', class: 'secondary', onclick: async () => {
        doc.documents.splice(i, 1); await save(draft, true); renderForm(draft); backToDocuments();
      } }, t('removeDocument'))))),
    field('document-kind', t('documentKind'), () => attach.kind, (v) => { attach.kind = v; },
      { options: DOCUMENT_KINDS, labels: (k) => t(`doc.${k}`) }),
    field('document-number', t('documentNumber'), () => attach.number,
      (v) => { attach.number = v.trim(); }, { attrs: { maxlength: 40 } }),
    field('document-issuer', t('documentIssuer'), () => attach.issuer,
      (v) => { attach.issuer = v.trim(); }, { attrs: { maxlength: 120 } }),
    field('document-date', t('documentDate'), () => attach.date,
      (v) => { attach.date = v.trim(); }, { attrs: { type: 'date' } }),
    fileField,
    attachStatus,
    h('button', { type: 'button', class: 'secondary', id: 'attach-document', onclick: async (ev) => {
      const file = fileInput.files && fileInput.files[0];
      if (!file || !attach.number || !attach.issuer || !attach.date) { attachStatus.textContent = t('documentIncomplete'); return; }
      ev.target.disabled = true;
      attachStatus.textContent = t('documentUploading');
      try {
        const bytes = await file.arrayBuffer();
        const local = hex(await crypto.subtle.digest('SHA-256', bytes));
        const stored = await api(`enterprises/${encodeURIComponent(doc.declarantTaxCode)}/documents`,
          { method: 'POST', body: bytes, type: file.type || 'application/octet-stream' });
        if (stored.sha256 !== local) throw new Error(t('documentHashMismatch'));
        doc.documents.push({ kind: attach.kind, number: attach.number, issuer: attach.issuer, date: attach.date,
          documentId: stored.id, sha256: stored.sha256, fileName: file.name });
        await save(draft, true);
        renderForm(draft);
        backToDocuments();
        announce(t('documentAttached'));
      } catch (e) {
        ev.target.disabled = false;
        attachStatus.textContent = e instanceof ApiError ? problemMessage(e.problem) : (e.message || problemMessage(e));
      }
    } }, t('attachDocument')));

  const unplaced = (draft.errors || []).filter((e) => !shown.has(e.pointer));
  const summary = draft.errors && draft.errors.length ? h('div', { class: 'error-summary', id: 'error-summary', role: 'alert', tabindex: '-1' },
    h('h2', {}, t('errorSummary', { n: draft.errors.length })),
    draft.problem ? h('p', {}, draft.problem) : null,
    h('ul', {}, draft.errors.map((e) => h('li', {}, shown.has(e.pointer)
      ? h('a', { href: `#${fieldId(e.pointer)}`, onclick: (ev) => { ev.preventDefault(); document.getElementById(fieldId(e.pointer))?.focus(); } }, e.detail)
      : `${e.pointer || ''} ${e.detail}`)))) : null;
  void unplaced;

  updateTotal();
  show(t('declTitle'),
    h('h1', {}, t('declTitle')),
    summary,
    h('form', { id: 'declaration', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      await save(draft, true);
      location.hash = `#/declare/${draft.id}/review`;
    } },
    parties, transport, goods, documents, total,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'save-draft', onclick: async () => { await save(draft, true); announce(t('draftSaved')); } }, t('saveDraft')),
      h('button', { type: 'submit', id: 'review' }, t('review')))));
  if (summary) summary.focus();
}

// after the form is drawn again: back where the user was, at the documents
function backToDocuments() {
  const list = document.getElementById('documents');
  if (!list) return;
  list.scrollIntoView({ block: 'start' });
  document.getElementById('document-kind')?.focus({ preventScroll: true });
}

export async function review(draftId) {
  const who = me();
  const draft = await store.get('drafts', draftId);
  if (!who || !draft) { location.hash = '#/declarations'; return; }
  const doc = finalDocument(draft.doc);
  const sum = doc.items.reduce((s, it) => s + (Number(it.value) || 0), 0);
  const status = h('p', { id: 'submit-status', role: 'status' });
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value == null || value === '' ? t('none') : String(value))];
  const button = h('button', { type: 'button', id: 'sign-submit', onclick: () => submit(draft, who, status, button) }, t('signSubmit'));
  show(t('reviewTitle'),
    h('h1', {}, t('reviewTitle')),
    h('p', {}, t('reviewIntro', { type: t(doc.type).toLowerCase(), taxCode: doc.declarantTaxCode, items: doc.items.length, total: amount(sum, doc.currency) })),
    h('dl', { class: 'facts' },
      row(t('procedureCode'), doc.procedureCode), row(t('declarantTaxCode'), doc.declarantTaxCode),
      row(t('customsOfficeCode'), doc.customsOfficeCode), row(t('borderGateCode'), doc.borderGateCode),
      row(t('transportMode'), doc.transportMode), row(t('transportDocument'), doc.transportDocument),
      row(t('containers'), (doc.containers || []).join(', ')), row(t('invoiceNumber'), doc.invoice.number),
      row(t('invoiceDate'), doc.invoice.date), row(t('incoterm'), doc.incoterm)),
    h('ol', { class: 'cards' }, doc.items.map((it) => h('li', { class: 'card' },
      h('strong', {}, it.hsCode, ' · ', it.description),
      h('p', { class: 'muted' }, `${it.quantity ?? ''} ${it.unit} · ${it.origin} · `, amount(it.value, doc.currency))))),
    doc.documents ? h('ul', { class: 'cards', id: 'review-documents' }, doc.documents.map((d) => h('li', { class: 'card' },
      h('strong', {}, t(`doc.${d.kind}`), ' · ', d.number),
      h('p', { class: 'muted' }, `${d.issuer} · ${d.date} · SHA-256 ${d.sha256.slice(0, 12)}…`)))) : null,
    h('p', {}, h('a', { href: `#/declare/${draft.id}` }, t('edit'))),
    status, button);
}

async function submit(draft, who, status, button) {
  const signer = who.taxCode;
  const key = await phoneKey(signer);
  if (!key) {
    status.replaceChildren(t('keyNeeded'), ' ', h('a', { href: '#/keys' }, t('keysTitle')));
    return;
  }
  button.disabled = true;
  if (!draft.submission) {
    // Signed once; every retry of this submission sends these exact bytes under this key.
    const jws = await sign(key, JSON.stringify(finalDocument(draft.doc)));
    draft.submission = { key: crypto.randomUUID(), jws };
    await store.put('drafts', draft);
  }
  status.textContent = t('submitting');
  try {
    const d = await once('declarations', {
      method: 'POST', body: draft.submission.jws, type: 'application/jose', key: draft.submission.key,
      onRetry: (n) => { status.textContent = t('retrying', { n }); },
    });
    await store.del('drafts', draft.id);
    location.hash = `#/declarations/${d.id}`;
  } catch (e) {
    button.disabled = false;
    if (e instanceof ApiError && e.status === 422) {
      draft.errors = (e.problem.errors || []).map((x) => ({ pointer: x.pointer || '', detail: x.detail }));
      draft.problem = problemMessage(e.problem);
      draft.submission = null;
      await store.put('drafts', draft);
      location.hash = `#/declare/${draft.id}`;
      return;
    }
    status.textContent = problemMessage(e.problem || e);
  }
}

export async function draftsList() {
  const drafts = (await store.all('drafts')).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  if (!drafts.length) return null;
  return h('section', { 'aria-labelledby': 'drafts-h' }, h('h2', { id: 'drafts-h' }, t('drafts')),
    h('ul', { class: 'cards' }, drafts.map((d) => h('li', { class: 'card' },
      h('a', { href: `#/declare/${d.id}`, class: 'card-link' }, t('draftOpen'), ': ', d.doc.transportDocument || d.doc.invoice.number || d.id.slice(0, 8))))));
}
