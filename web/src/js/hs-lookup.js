// The HS code field as an ARIA 1.2 combobox (the APG "list autocomplete" pattern): the trader types code digits or
// words of the goods (Vietnamese or English, accents optional); after a pause the api's tariff lookup answers and a
// listbox offers the matches. Arrow keys move through them (aria-activedescendant: focus stays in the field), Enter
// picks, Escape closes; a tap picks too. Picking a line fills the code (and the description when it is empty);
// picking a heading narrows the search to its lines. Offline, or when the api cannot answer, the field stays a plain
// code field and says so; answers seen before are served by the service worker.
import { api } from './api.js';
import { h } from './dom.js';
import { t, lang } from './i18n.js';

const DEBOUNCE_MS = 250;
const LIMIT = 8;

const percent = (rate) => `${(Number(rate) * 100).toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB')}%`;

/**
 * Makes `input` (already in its field's container) a combobox. `onPick(entry)` is called with the tariff line
 * chosen.
 */
export function hsCombobox(input, onPick) {
  const listId = `${input.id}-list`;
  const hintId = `${input.id}-hint`;
  const list = h('ul', { id: listId, role: 'listbox', class: 'combo-list', 'aria-label': t('hsLookup.list'), hidden: true });
  const note = h('p', { id: `${input.id}-note`, class: 'hint', role: 'status' });
  const hint = h('p', { id: hintId, class: 'hint' }, t('hsLookup.hint'));
  input.before(hint);
  input.after(list, note);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);
  input.setAttribute('autocomplete', 'off');
  input.setAttribute('aria-describedby', [hintId, input.getAttribute('aria-describedby')].filter(Boolean).join(' '));

  let entries = [];
  let active = -1;
  let timer = null;
  let controller = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, n) => li.setAttribute('aria-selected', String(n === i)));
    if (i < 0) {
      input.removeAttribute('aria-activedescendant');
      return;
    }
    const li = list.children[i];
    input.setAttribute('aria-activedescendant', li.id);
    li.scrollIntoView({ block: 'nearest' });
  };
  const render = () => {
    list.replaceChildren(...entries.map((e, i) => h('li', {
      id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', class: e.declarable ? 'combo-option' : 'combo-option group',
      'data-code': e.hsCode,
      onmousedown: (ev) => ev.preventDefault(), // the field keeps the focus
      onclick: () => pick(i),
    },
    h('span', { class: 'code' }, e.hsCode),
    h('span', {}, e.description),
    e.declarable
      ? h('small', {}, t('hsLookup.rates', { mfn: percent(e.mfnImportRate), vat: percent(e.vatRate) }),
        e.specialConsumptionRate != null ? ` · ${t('hsLookup.sct', { sct: percent(e.specialConsumptionRate) })}` : '')
      : h('small', {}, t(`hsLookup.levels.${e.level}`)))));
    list.hidden = entries.length === 0;
    input.setAttribute('aria-expanded', String(entries.length > 0));
    active = -1;
    input.removeAttribute('aria-activedescendant');
  };
  async function lookup() {
    const q = input.value.trim();
    if (controller) controller.abort();
    if (q.length < 2) {
      entries = [];
      render();
      note.textContent = '';
      return;
    }
    controller = new AbortController();
    try {
      const page = await api(`tariff?${new URLSearchParams({ q, limit: String(LIMIT), lang: lang() })}`, { signal: controller.signal });
      entries = page.items;
      render();
      note.textContent = entries.length ? t('hsLookup.count', { n: entries.length }) : t('hsLookup.none');
    } catch (e) {
      if (e.name === 'AbortError') return;
      entries = [];
      render();
      note.textContent = e.network ? t('hsLookup.offline') : t('hsLookup.unavailable');
    }
  }
  function pick(i) {
    const e = entries[i];
    if (!e) return;
    input.value = e.hsCode;
    if (!e.declarable) {
      // a chapter or heading: its lines next, asked at once (the list it was picked from is gone meanwhile)
      entries = [];
      render();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      clearTimeout(timer);
      lookup();
      return;
    }
    close();
    entries = [];
    note.textContent = t('hsLookup.picked', { code: e.hsCode, description: e.description });
    input.dispatchEvent(new Event('input', { bubbles: true, cancelable: false }));
    clearTimeout(timer); // a picked line is not looked up again
    onPick(e);
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (ev) => {
    const open = !list.hidden;
    switch (ev.key) {
      case 'ArrowDown':
        ev.preventDefault();
        if (!open) { if (entries.length) { list.hidden = false; input.setAttribute('aria-expanded', 'true'); highlight(0); } else lookup(); }
        else highlight((active + 1) % entries.length);
        break;
      case 'ArrowUp':
        ev.preventDefault();
        if (open) highlight(active <= 0 ? entries.length - 1 : active - 1);
        break;
      case 'Enter':
        if (open && active >= 0) {
          ev.preventDefault(); // picks; does not submit the form
          pick(active);
        }
        break;
      case 'Escape':
        if (open) {
          ev.preventDefault();
          close();
        }
        break;
      case 'Tab':
        close();
        break;
      default:
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
}
