// What a trader or broker does on a declaration's page after submitting it: tell the gate which vehicle brings the
// goods (pre-arrival: plate, driver, arrival time, one e-seal per container) and cancel it while that is allowed
// (before release). Each form shows the api's problem+json errors next to the fields they point at.
import { api, once, ApiError } from '../api.js';
import { h, announce } from '../dom.js';
import { t, addMessages, dateTime, problemMessage } from '../i18n.js';

addMessages({
  vi: {
    preArrival: {
      title: 'Thông tin phương tiện đến cửa khẩu',
      intro: 'Cửa khẩu đối chiếu biển số và niêm phong điện tử với thông tin này trước khi mở cổng.',
      plate: 'Biển số xe',
      plateHint: 'Ví dụ: 15C-123.45',
      driver: 'Họ tên lái xe',
      arrival: 'Thời gian dự kiến đến (giờ Việt Nam)',
      seal: 'Số niêm phong điện tử của container {container}',
      save: 'Gửi thông tin phương tiện',
      saved: 'Đã gửi: xe {plate}, lái xe {driver}, dự kiến đến {arrival}.',
      given: 'Thông tin đã gửi',
      seals: 'Niêm phong',
      declaredAt: 'Gửi lúc',
      noSeals: 'Không có',
      errors: {
        plate: 'Biển số gồm 4 đến 12 chữ và số (bỏ qua dấu chấm, gạch), ví dụ 15C-123.45.',
        driver: 'Nhập họ tên lái xe (tối đa 200 ký tự).',
        expectedArrival: 'Chọn ngày và giờ xe dự kiến đến.',
        seals: 'Số niêm phong không hợp lệ (tối đa 64 ký tự).',
      },
    },
    cancel: {
      title: 'Hủy tờ khai',
      intro: 'Doanh nghiệp chỉ được hủy tờ khai trước khi thông quan. Lý do được ghi vào lịch sử tờ khai.',
      reason: 'Lý do hủy',
      confirm: 'Xác nhận hủy tờ khai',
      done: 'Tờ khai đã được hủy.',
      errors: { reason: 'Nhập lý do hủy (1 đến 500 ký tự).' },
    },
    fieldErrorPrefix: 'Lỗi: ',
    problems: {
      'invalid-state': 'Tờ khai ở trạng thái này không nhận thông tin này.',
      'invalid-transition': 'Không thể thực hiện thao tác này ở trạng thái hiện tại của tờ khai.',
    },
  },
  en: {
    preArrival: {
      title: 'Vehicle arriving at the gate',
      intro: 'The gate matches the plate and the e-seals against this before it opens.',
      plate: 'Vehicle plate',
      plateHint: 'For example 15C-123.45',
      driver: 'Driver\u2019s full name',
      arrival: 'Expected arrival (Vietnam time)',
      seal: 'E-seal number of container {container}',
      save: 'Send the vehicle details',
      saved: 'Sent: vehicle {plate}, driver {driver}, expected {arrival}.',
      given: 'Details given',
      seals: 'E-seals',
      declaredAt: 'Sent at',
      noSeals: 'None',
      errors: {
        plate: 'A plate is 4 to 12 letters and digits (dots and dashes ignored), e.g. 15C-123.45.',
        driver: 'Enter the driver\u2019s name (at most 200 characters).',
        expectedArrival: 'Choose the date and time the vehicle is expected.',
        seals: 'The e-seal number is not valid (at most 64 characters).',
      },
    },
    cancel: {
      title: 'Cancel the declaration',
      intro: 'An enterprise can cancel a declaration only before release. The reason is kept in its history.',
      reason: 'Reason for cancelling',
      confirm: 'Confirm: cancel the declaration',
      done: 'The declaration is cancelled.',
      errors: { reason: 'Enter a reason (1 to 500 characters).' },
    },
    fieldErrorPrefix: 'Error: ',
    problems: {
      'invalid-state': 'The declaration takes no such information in its current status.',
      'invalid-transition': 'This cannot be done in the declaration\u2019s current status.',
    },
  },
});

const NO_PRE_ARRIVAL = ['DRAFT', 'EXITED', 'CANCELLED'];
const CANCELLABLE = ['SUBMITTED', 'AWAITING_PAYMENT', 'DOCUMENT_CHECK', 'PHYSICAL_INSPECTION'];

/**
 * A form whose fields are named by JSON pointers: `prefix` + the pointer's segments joined by '-' is each input's
 * id. show(problem) marks each field an error points at (message, aria-invalid, aria-describedby) and puts the rest
 * in the form's own alert; clear() removes them all.
 */
function problemForm(prefix, messages) {
  const alert = h('div', { class: 'error-summary', role: 'alert', hidden: true, id: `${prefix}summary` });
  const idOf = (pointer) => `${prefix}${pointer.split('/').filter(Boolean).join('-')}`;
  const clear = (form) => {
    form.querySelectorAll('.field-error').forEach((e) => e.remove());
    form.querySelectorAll('[aria-invalid]').forEach((e) => {
      e.removeAttribute('aria-invalid');
      if (e.dataset.hint) e.setAttribute('aria-describedby', e.dataset.hint);
      else e.removeAttribute('aria-describedby');
    });
    form.querySelectorAll('.has-error').forEach((e) => e.classList.remove('has-error'));
    alert.hidden = true;
    alert.replaceChildren();
  };
  const showProblem = (form, e) => {
    clear(form);
    const errors = (e instanceof ApiError && e.problem.errors) || [];
    const rest = [];
    let first = null;
    for (const x of errors) {
      const pointer = x.pointer || '';
      const input = pointer ? form.querySelector(`#${CSS.escape(idOf(pointer))}`) : null;
      const text = messages(pointer) || x.detail;
      if (!input) { rest.push(text); continue; }
      if (input.getAttribute('aria-invalid')) continue; // one message per field (a check may report a field twice)
      const errId = `${input.id}-error`;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', [errId, input.dataset.hint].filter(Boolean).join(' '));
      input.parentElement.classList.add('has-error');
      input.before(h('p', { class: 'field-error', id: errId }, h('span', { class: 'sr-only' }, t('fieldErrorPrefix')), text));
      first = first || input;
    }
    if (rest.length || !errors.length) {
      alert.replaceChildren(h('p', {}, problemMessage(e.problem || e)), rest.length ? h('ul', {}, rest.map((r) => h('li', {}, r))) : null);
      alert.hidden = false;
    }
    if (first) first.focus();
  };
  return { alert, idOf, clear, showProblem };
}

const inputField = (id, label, attrs = {}, hint = null) => h('div', { class: 'field' },
  h('label', { for: id }, label),
  hint ? h('p', { class: 'muted', id: `${id}-hint` }, hint) : null,
  h('input', { id, name: id, 'aria-describedby': hint ? `${id}-hint` : null, 'data-hint': hint ? `${id}-hint` : null, ...attrs }));

/** The datetime-local value (read as Vietnam time, UTC+7 all year) as an instant; '' when empty or not a date. */
function vietnamInstant(local) {
  const d = new Date(`${local}:00+07:00`);
  return local && !Number.isNaN(d.getTime()) ? d.toISOString() : '';
}

function vietnamLocal(iso) {
  const d = new Date(new Date(iso).getTime() + 7 * 3600 * 1000);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 16);
}

/**
 * Pre-arrival information: what was given (`given`, as the api reads it back, or null), and the form to give or
 * replace it while the declaration takes it (submitted, goods not yet left).
 */
export function preArrival(d, given) {
  const shown = h('div', { id: 'pre-arrival-given' }, given ? givenFacts(given) : null);
  if (NO_PRE_ARRIVAL.includes(d.status)) {
    return given ? h('section', { 'aria-labelledby': 'pre-arrival-h', class: 'panel' },
      h('h2', { id: 'pre-arrival-h' }, t('preArrival.title')), shown) : null;
  }
  const containers = (d.declaration && d.declaration.containers) || [];
  const f = problemForm('pa-', (pointer) => {
    const key = pointer.split('/')[1];
    return key ? t(`preArrival.errors.${key}`).replace(`preArrival.errors.${key}`, '') : '';
  });
  const last = given;
  const done = h('p', { role: 'status', id: 'pre-arrival-status' });
  const button = h('button', { type: 'submit', id: 'pre-arrival-save' }, t('preArrival.save'));
  const form = h('form', { id: 'pre-arrival', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    f.clear(form);
    done.textContent = '';
    const value = (pointer) => form.querySelector(`#${CSS.escape(f.idOf(pointer))}`).value;
    const seals = {};
    for (const c of containers) {
      const s = value(`/seals/${c}`).trim();
      if (s) seals[c] = s;
    }
    const body = {
      plate: value('/plate').trim(), driver: value('/driver').trim(),
      expectedArrival: vietnamInstant(value('/expectedArrival')), seals,
    };
    button.disabled = true;
    try {
      const saved = await api(`declarations/${encodeURIComponent(d.id)}/pre-arrival`, { method: 'POST', json: body });
      const record = saved && typeof saved === 'object' ? saved : body;
      shown.replaceChildren(...givenFacts(record));
      done.textContent = savedText(record);
      announce(done.textContent);
    } catch (e) {
      f.showProblem(form, e);
    }
    button.disabled = false;
  } },
  f.alert,
  inputField(f.idOf('/plate'), t('preArrival.plate'), { type: 'text', autocapitalize: 'characters', autocomplete: 'off', maxlength: 20, value: last?.plate || '' }, t('preArrival.plateHint')),
  inputField(f.idOf('/driver'), t('preArrival.driver'), { type: 'text', autocomplete: 'name', maxlength: 200, value: last?.driver || '' }),
  inputField(f.idOf('/expectedArrival'), t('preArrival.arrival'), { type: 'datetime-local', value: last?.expectedArrival ? vietnamLocal(last.expectedArrival) : '' }),
  containers.map((c) => inputField(f.idOf(`/seals/${c}`), t('preArrival.seal', { container: c }), { type: 'text', autocomplete: 'off', maxlength: 64, value: last?.seals?.[c] || '' })),
  button, done);
  return h('section', { 'aria-labelledby': 'pre-arrival-h', class: 'panel' },
    h('h2', { id: 'pre-arrival-h' }, t('preArrival.title')), h('p', { class: 'muted' }, t('preArrival.intro')), shown, form);
}

/** What the gate was told, as the api keeps it. */
function givenFacts(r) {
  const seals = Object.entries(r.seals || {});
  return [h('h3', {}, t('preArrival.given')),
    h('dl', { class: 'facts' },
      h('dt', {}, t('preArrival.plate')), h('dd', { id: 'pa-given-plate' }, r.plate),
      h('dt', {}, t('preArrival.driver')), h('dd', { id: 'pa-given-driver' }, r.driver),
      h('dt', {}, t('preArrival.arrival')), h('dd', { id: 'pa-given-arrival' }, dateTime(r.expectedArrival)),
      h('dt', {}, t('preArrival.seals')), h('dd', { id: 'pa-given-seals' }, seals.length ? seals.map(([c, s]) => `${c}: ${s}`).join(', ') : t('preArrival.noSeals')),
      r.declaredAt ? [h('dt', {}, t('preArrival.declaredAt')), h('dd', {}, dateTime(r.declaredAt))] : null)];
}

function savedText(r) {
  return t('preArrival.saved', { plate: r.plate, driver: r.driver, arrival: dateTime(r.expectedArrival) });
}

/** Cancelling, while the trader or broker may (before release); `after` shows the declaration again. */
export function cancellation(d, after) {
  if (!CANCELLABLE.includes(d.status)) return null;
  const f = problemForm('cx-', (pointer) => (pointer === '/reason' ? t('cancel.errors.reason') : ''));
  const button = h('button', { type: 'submit', id: 'cancel-confirm', class: 'danger' }, t('cancel.confirm'));
  const form = h('form', { id: 'cancel', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    f.clear(form);
    const k = `dc.cancel.${d.id}`;
    const key = sessionStorage.getItem(k) || crypto.randomUUID();
    sessionStorage.setItem(k, key);
    button.disabled = true;
    try {
      const reason = form.querySelector('#cx-reason').value.trim();
      await once(`declarations/${encodeURIComponent(d.id)}/cancellation`, { method: 'POST', json: { reason }, key });
      sessionStorage.removeItem(k);
      announce(t('cancel.done'));
      after();
      return;
    } catch (e) {
      // refused (not a lost connection): another attempt is another request, under a new key
      if (e instanceof ApiError) sessionStorage.removeItem(k);
      f.showProblem(form, e);
    }
    button.disabled = false;
  } },
  h('p', { class: 'muted' }, t('cancel.intro')),
  f.alert,
  h('div', { class: 'field' }, h('label', { for: 'cx-reason' }, t('cancel.reason')),
    h('textarea', { id: 'cx-reason', name: 'reason', rows: '3', maxlength: 500 })),
  button);
  return h('details', { class: 'panel', id: 'cancel-panel' }, h('summary', { id: 'cancel-open' }, t('cancel.title')), form);
}
