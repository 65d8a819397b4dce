// Small SVG charts of the day, drawn from our own code under the pages' CSP (no library, no inline style). Every
// chart comes with a table of the same facts on a toggle, so a screen reader and a printout get them too. Like
// every element of the pages, labels and values are set as text, never as markup.
import { t } from './i18n.js';
import { el, table } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  for (const c of children) node.append(c.nodeType ? c : document.createTextNode(String(c)));
  return node;
}

/** A chart, its caption, and its facts as a table on a toggle. */
function figure(id, caption, label, drawing, columns, rows) {
  drawing.setAttribute('role', 'img');
  drawing.setAttribute('aria-label', label);
  return el('figure', { class: 'chart', id },
    el('figcaption', {}, caption), drawing,
    el('details', {}, el('summary', {}, t('asTable')),
      table(columns.map((c, i) => ({ label: c, cell: (r) => r[i] })), rows)));
}

/** One bar split into parts ({label, value, cls}), e.g. an area's schools by state. */
export function stackedBar(id, caption, parts) {
  const total = parts.reduce((n, p) => n + p.value, 0) || 1;
  const drawing = svg('svg', { viewBox: '0 0 300 36', preserveAspectRatio: 'none', class: 'chart-svg' });
  let x = 0;
  for (const p of parts) {
    const w = (300 * p.value) / total;
    drawing.append(svg('rect', { x, y: 4, width: w, height: 28, class: p.cls }, svg('title', {}, `${p.label}: ${p.value}`)));
    x += w;
  }
  const label = parts.map((p) => `${p.label} ${p.value}`).join(', ');
  const legend = el('p', { class: 'legend' }, parts.map((p) => el('span', { class: `key ${p.cls}` }, `${p.label} ${p.value}`)));
  const fig = figure(id, caption, label, drawing, [t('state'), t('schoolsCount')], parts.map((p) => [p.label, p.value]));
  fig.insertBefore(legend, fig.querySelector('details'));
  return fig;
}

/** Lines through the day's quarter hours ({start, ...}); one line per series ({key, label, cls}). */
export function lines(id, caption, items, series) {
  const w = 300;
  const h = 120;
  const max = Math.max(1, ...items.flatMap((i) => series.map((s) => i[s.key])));
  const drawing = svg('svg', { viewBox: `0 0 ${w} ${h + 16}`, class: 'chart-svg' });
  drawing.append(svg('line', { x1: 0, y1: h, x2: w, y2: h, class: 'axis' }));
  const x = (i) => (items.length < 2 ? w / 2 : (w * i) / (items.length - 1));
  const time = (item) => (item ? item.start.slice(11, 16) : '');
  for (const s of series) {
    const points = items.map((item, i) => `${x(i).toFixed(1)},${(h - (h * item[s.key]) / max).toFixed(1)}`).join(' ');
    drawing.append(svg('polyline', { points, class: `line ${s.cls}` }, svg('title', {}, s.label)));
    // A dot per quarter: a lone quarter (the first of the day) shows too.
    items.forEach((item, i) => drawing.append(svg('circle', { cx: x(i).toFixed(1), cy: (h - (h * item[s.key]) / max).toFixed(1),
      r: 2.5, class: s.cls }, svg('title', {}, `${time(item)} ${s.label}: ${item[s.key]}`))));
  }
  drawing.append(svg('text', { x: 0, y: h + 14, class: 'tick' }, time(items[0])));
  drawing.append(svg('text', { x: w, y: h + 14, class: 'tick end' }, time(items[items.length - 1])));
  const total = (key) => items.reduce((n, i) => n + i[key], 0);
  const label = `${caption}: ${series.map((s) => `${s.label} ${total(s.key)}`).join(', ')}`;
  const fig = figure(id, caption, label, drawing, [t('time'), ...series.map((s) => s.label)],
    items.map((i) => [time(i), ...series.map((s) => i[s.key])]));
  fig.insertBefore(el('p', { class: 'legend' }, series.map((s) => el('span', { class: `key ${s.cls}` }, s.label))),
    fig.querySelector('details'));
  return fig;
}

/** One horizontal bar per item ({label, share 0..1, text}), in the order given (the furthest behind first). */
export function shareBars(id, caption, items) {
  const row = 30;
  const drawing = svg('svg', { viewBox: `0 0 300 ${Math.max(1, items.length) * row}`, class: 'chart-svg' });
  items.forEach((item, i) => {
    // The area's name above its bar: the reader sees who is behind without the table.
    drawing.append(svg('text', { x: 0, y: i * row + 11, class: 'tick' }, `${item.label} · ${item.text}`));
    drawing.append(svg('rect', { x: 0, y: i * row + 14, width: 300, height: 12, class: 'track' }));
    drawing.append(svg('rect', { x: 0, y: i * row + 14, width: (300 * item.share).toFixed(1), height: 12, class: 'seg-certified' },
      svg('title', {}, `${item.label}: ${item.text}`)));
  });
  const label = items.slice(0, 5).map((i) => `${i.label} ${i.text}`).join(', ');
  return figure(id, caption, label, drawing, [t('areaName'), t('certified')], items.map((i) => [i.label, i.text]));
}

/** The day's lines on the area's and OBEC's pages: students answered present, not present, and schools certified. */
export const answerSeries = () => [
  { key: 'present', label: t('present'), cls: 'seg-certified' },
  { key: 'notPresent', label: t('notPresent'), cls: 'seg-not-started' },
  { key: 'certified', label: t('certified'), cls: 'seg-confirming' }];
