// The pages' DOM helpers. Every value is set as text through {@link el}, never as markup, so nothing the API
// returns (a school's name, an error message, a cell shown back) can become a script.
import { t, pick } from './i18n.js';
import { api, ProblemError } from './api.js';

/** Builds an element; children are nodes or text, never HTML, so nothing from the API is ever markup. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c.nodeType ? c : String(c));
  return node;
}

export function problemBox(e) {
  const p = e instanceof ProblemError ? e.problem : { detail: String(e), code: 'ERROR' };
  const text = pick(p.detailTh, p.detail);
  const box = el('div', { class: 'problem', role: 'alert' }, el('strong', {}, p.code || ''), ' ', text);
  if (Array.isArray(p.rooms)) {
    box.append(el('ul', {}, p.rooms.map((r) => el('li', {}, `${t('grade')} ${r.grade} ${t('room')} ${r.room}: ${r.unanswered}`))));
  }
  if (Array.isArray(p.areas)) box.append(el('ul', {}, p.areas.map((a) => el('li', {}, a))));
  return box;
}

/** Runs a button's action once at a time: disabled while it runs, its problem shown under it. */
export function action(label, run, { secondary = false, id } = {}) {
  const out = el('div', { 'aria-live': 'polite' });
  const button = el('button', { type: 'button', class: secondary ? 'secondary' : null, id }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    out.replaceChildren();
    try {
      const r = await run();
      if (r) out.append(r.nodeType ? r : el('div', { class: 'ok', role: 'status' }, r));
    } catch (e) {
      out.append(problemBox(e));
    } finally {
      button.disabled = false;
    }
  });
  return el('div', {}, button, out);
}

/** A table of {@code rows} under {@code cols} ({label, key?, num?, cell?(row)}): text only, like every element. */
export function table(cols, rows, attrs = {}) {
  return el('div', { class: 'table-wrap', tabindex: '0' }, el('table', attrs,
    el('thead', {}, el('tr', {}, cols.map((c) => el('th', { class: c.num ? 'num' : null }, c.label)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, cols.map((c) => el('td', { class: c.num ? 'num' : null },
      c.cell ? c.cell(r) : r[c.key] ?? '')))))));
}

/** An answer of the API saved as a file, under the name its Content-Disposition gives. */
export async function save(res, fallbackName) {
  const disposition = res.headers.get('Content-Disposition') || '';
  const utf8 = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const plain = /filename="?([^";]+)"?/.exec(disposition);
  const name = utf8 ? decodeURIComponent(utf8[1]) : plain ? plain[1] : fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return `${t('done')}: ${name}`;
}

/** A file from the API, the token sent in the header. */
export const download = async (path, fallbackName) =>
  save(await api('GET', path, { blob: true, headers: { Accept: '*/*' } }), fallbackName);

/** A file sent, and the workbook the server answers with saved (the bulk accounts' initial passwords). */
export const sendAndSave = async (path, file, fallbackName) =>
  save(await api('POST', path, { body: file, blob: true, headers: { Accept: '*/*' } }), fallbackName);

export const downloadButton = (label, path, name) => action(label, () => download(path, name), { secondary: true });

export function view(...children) {
  const main = document.getElementById('view');
  main.replaceChildren(...children);
  main.focus();
}

export function filePost(id, send) {
  const input = el('input', { type: 'file', id, accept: '.xlsx,.xls,.csv' });
  return el('div', {}, el('label', { for: id }, t('file')), input,
    action(t('send'), async () => (input.files[0] ? send(input.files[0]) : null), { secondary: true }));
}

