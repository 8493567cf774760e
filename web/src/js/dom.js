// A tiny element builder: h('p', {class: 'x', onclick: f}, 'text', child). Text is always set as text, never HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces the page's content, moves focus to its heading (for screen readers) and sets the title. */
export function show(title, ...content) {
  const main = document.getElementById('main');
  main.replaceChildren(...content.flat(Infinity).filter(Boolean));
  document.title = title;
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}

/** Says something to screen readers and shows it briefly. */
export function announce(text) {
  const s = document.getElementById('status');
  s.textContent = text;
}
