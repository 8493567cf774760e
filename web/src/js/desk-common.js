// What the desk's views share: work that lasts while a view is shown (polls, live subscriptions), time formats, and
// forms whose api problems (RFC 9457, errors[].pointer) are shown at their fields with a summary on top.
import { h } from './dom.js';
import { t, dateTime, problemMessage } from './i18n.js';
import { onEvent } from './live.js';

let cleanups = [];

/** Stops what the view that is left started. */
export function leaveView() {
  cleanups.forEach((f) => f());
  cleanups = [];
}

export function whileHere(cleanup) {
  cleanups.push(cleanup);
}

/** A polite poll: every `ms` while the page is visible, and at once when it becomes visible again. */
export function poll(fn, ms) {
  const id = setInterval(() => { if (document.visibilityState === 'visible') fn(); }, ms);
  const wake = () => { if (document.visibilityState === 'visible') fn(); };
  document.addEventListener('visibilitychange', wake);
  whileHere(() => { clearInterval(id); document.removeEventListener('visibilitychange', wake); });
}

/** Live events (SSE) while the view is shown. */
export function onLiveHere(fn) {
  const off = onEvent(fn);
  whileHere(() => off());
}

export const when = (iso) => (iso ? dateTime(iso) : '—');

export function timeNow() {
  return new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .format(new Date());
}

/** A dictionary word when there is one, else the code itself. */
export function word(prefix, code) {
  const w = t(`${prefix}.${code}`);
  return w === `${prefix}.${code}` ? code : w;
}

/**
 * A form of fields {name, label, hint, kind: 'text'|'textarea'|'select'|'radio', options: [[value, label]], required,
 * customsOnly, value}. `submit(values)` calls the api; a problem comes back at its fields (`/name` pointers).
 */
export function form({ id, legend, fields, submitLabel, submit, accesskey }) {
  const status = h('div', { class: 'form-status', id: `${id}-status` });
  const inputs = new Map();
  const wrappers = new Map();
  const rows = fields.map((f) => {
    const fid = `${id}-${f.name}`;
    const hint = f.hint ? h('p', { class: 'hint', id: `${fid}-hint` }, f.hint) : null;
    let input;
    if (f.kind === 'radio') {
      input = h('fieldset', { class: 'radios', id: fid, 'aria-describedby': hint ? `${fid}-hint` : null },
        h('legend', {}, f.label),
        f.options.map(([v, l], i) => h('label', { class: 'radio' },
          h('input', { type: 'radio', name: fid, value: v, id: `${fid}-${v}`, checked: i === 0 }), ' ', l)));
      wrappers.set(f.name, h('div', { class: 'field' }, input, hint));
    } else {
      input = f.kind === 'select'
        ? h('select', { id: fid, name: f.name }, f.options.map(([v, l]) => h('option', { value: v }, l)))
        : h(f.kind === 'textarea' ? 'textarea' : 'input', {
          id: fid, name: f.name, required: f.required, rows: f.kind === 'textarea' ? 3 : null,
          maxlength: f.max || null, value: f.value || null, autocomplete: 'off',
          'aria-describedby': hint ? `${fid}-hint` : null });
      wrappers.set(f.name, h('div', { class: f.customsOnly ? 'field customs-only' : 'field' },
        h('label', { for: fid }, f.label, f.customsOnly ? [' ', h('span', { class: 'tag-customs' }, t('desk.customsOnly'))] : ''),
        hint, input));
    }
    inputs.set(f.name, input);
    return wrappers.get(f.name);
  });
  const values = () => {
    const out = {};
    for (const f of fields) {
      const el = inputs.get(f.name);
      const v = f.kind === 'radio' ? el.querySelector('input:checked')?.value : el.value.trim();
      if (v) out[f.name] = v;
    }
    return out;
  };
  const clear = () => {
    status.replaceChildren();
    for (const [name, w] of wrappers) {
      w.classList.remove('has-error');
      w.querySelector('.field-error')?.remove();
      inputs.get(name).removeAttribute('aria-invalid');
    }
  };
  const button = h('button', { type: 'submit', id: `${id}-submit`, accesskey }, submitLabel);
  const el = h('form', { id, class: 'desk-form', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    clear();
    button.disabled = true;
    try {
      await submit(values());
    } catch (e) {
      showProblem(e.problem || e);
    } finally {
      button.disabled = false;
    }
  } }, status, h('fieldset', {}, h('legend', {}, legend), rows, h('div', { class: 'actions' }, button)));

  function showProblem(p) {
    const errors = (p && p.errors) || [];
    const placed = [];
    for (const e of errors) {
      const name = (e.pointer || '').replace(/^\//, '').split('/')[0];
      const w = wrappers.get(name);
      if (!w) continue;
      const fid = `${id}-${name}`;
      w.classList.add('has-error');
      const msg = h('p', { class: 'field-error', id: `${fid}-error` }, e.detail);
      w.insertBefore(msg, inputs.get(name));
      inputs.get(name).setAttribute('aria-invalid', 'true');
      inputs.get(name).setAttribute('aria-describedby', [`${fid}-error`, inputs.get(name).getAttribute('aria-describedby')].filter(Boolean).join(' '));
      placed.push([fid, e.detail]);
    }
    const others = errors.filter((e) => !wrappers.has((e.pointer || '').replace(/^\//, '').split('/')[0]));
    status.replaceChildren(h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', id: `${id}-errors` },
      h('h3', {}, errors.length ? t('desk.fixErrors', { n: errors.length }) : problemMessage(p)),
      errors.length ? h('p', {}, problemMessage(p)) : null,
      h('ul', {}, placed.map(([fid, d]) => h('li', {}, h('a', { href: `#${fid}`, onclick: (ev) => { ev.preventDefault(); document.getElementById(fid)?.focus(); } }, d))),
        others.map((e) => h('li', {}, `${e.pointer || ''} ${e.detail}`)))));
    status.firstChild.focus();
  }
  el.done = (text) => { clear(); status.replaceChildren(h('p', { class: 'notice ok', role: 'status' }, text)); };
  return el;
}
