// The school's pages: uploads, the roll, the existence check of 10 November, buildings, templates, and the
// director's certification.
import { state, every } from '../state.js';
import { t, pick } from '../i18n.js';
import { api, sleep, waitedOut, ProblemError } from '../api.js';
import { el, action, view, downloadButton } from '../dom.js';

export function uploadPage() {
  const school = state.me.schoolCode;
  const kind = el('select', { id: 'kind' }, ['students', 'movements', 'buildings', 'existence'].map((k) => el('option', { value: k }, k)));
  const file = el('input', { type: 'file', id: 'file', accept: '.xlsx,.xls,.csv' });
  const bar = el('progress', { id: 'upload-progress', max: '100', value: '0', hidden: true, 'aria-label': t('sending') });
  const label = el('p', { 'aria-live': 'polite', id: 'upload-state' });
  const out = el('div', { id: 'upload-result' });
  const send = (dryRun) => async () => {
    if (!file.files[0]) return null;
    out.replaceChildren();
    const result = await uploadFile(`/api/v1/schools/${school}/uploads?kind=${kind.value}&dryRun=${dryRun}`, file.files[0], bar, label);
    out.append(uploadResult(result));
    return null;
  };
  view(el('h1', {}, t('upload')),
    el('label', { for: 'kind' }, t('kind')), kind,
    el('label', { for: 'file' }, t('file')), file,
    el('div', {}, action(t('dryRun'), send(true), { secondary: true, id: 'dry-run' }), action(t('send'), send(false), { id: 'send' })),
    bar, label, out);
}

/** The file sent with a progress bar, then the server's work polled until it ends. */
async function uploadFile(path, file, bar, label) {
  bar.hidden = false;
  bar.value = 0;
  label.textContent = t('sending');
  for (;;) {
    const res = await new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      xhr.setRequestHeader('X-DMC-CSRF', state.csrf);
      xhr.setRequestHeader('Prefer', 'respond-async');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total); };
      xhr.onload = () => resolve(xhr);
      xhr.onerror = () => reject(new Error('network'));
      xhr.send(file);
    });
    if (await waitedOut(path, res.status, res.getResponseHeader('Retry-After'))) continue;
    const body = JSON.parse(res.responseText || '{}');
    if (res.status >= 400) { bar.hidden = true; label.textContent = ''; throw new ProblemError(body, res.status); }
    bar.removeAttribute('value'); // indeterminate while the server works
    label.textContent = t('working');
    let status = body;
    while (status.status === 'queued' || status.status === 'running') {
      await sleep(400);
      status = await api('GET', `/api/v1/uploads/${body.id}`);
    }
    bar.value = 100;
    label.textContent = '';
    return status;
  }
}

function uploadResult(r) {
  const parts = [el('h2', {}, `${t('result')}: ${r.status}`)];
  if (r.rows) parts.push(el('p', {}, `${t('rowsRead')} ${r.rows.read} · ${t('rowsValid')} ${r.rows.valid} · ${t('rowsInvalid')} ${r.rows.invalid}`));
  if (r.changes && r.status === 'committed') {
    parts.push(el('p', { class: 'ok' }, `${t('inserted')} ${r.changes.inserted} · ${t('updated')} ${r.changes.updated} · ${t('unchanged')} ${r.changes.unchanged}`));
  }
  const groups = (title, list) => {
    if (!list || list.length === 0) return;
    parts.push(el('h3', {}, `${title} (${list.reduce((n, g) => n + g.count, 0)})`));
    parts.push(el('ul', { class: 'rows' }, list.map((g) => el('li', {},
      el('strong', {}, `${g.headerTh || g.column} · ${g.code}`), ` — ${pick(g.messageTh, g.messageEn)} `,
      el('span', { class: 'muted' }, `(${t('rows')}: ${g.rows.join(', ')}${g.count > g.rows.length ? ' …' : ''})`)))));
  };
  groups(t('errors'), r.errors);
  groups(t('warnings'), r.warnings);
  if ((r.errors && r.errors.length) || (r.warnings && r.warnings.length)) {
    parts.push(downloadButton(t('errorWorkbook'), `/api/v1/uploads/${r.id}/errors.xlsx`, 'errors.xlsx'));
    if (r.errors && r.errors.length) parts.push(el('p', {}, t('fixAndResend')));
  }
  return el('section', { class: 'card', id: 'result-card' }, parts);
}

async function rollPages(school) {
  const all = [];
  for (let page = 1; ; page++) {
    const r = await api('GET', `/api/v1/schools/${school}/students?size=1000&page=${page}`);
    all.push(...r.items);
    if (r.items.length < 1000 || all.length >= r.total) return all;
  }
}

export async function rollPage() {
  const school = state.me.schoolCode;
  const students = await rollPages(school);
  const grades = [...new Set(students.map((s) => s.grade))];
  const grade = el('select', { id: 'roll-grade' }, el('option', { value: '' }, t('all')), grades.map((g) => el('option', { value: g }, g)));
  const room = el('input', { type: 'search', id: 'roll-room' });
  const body = el('tbody');
  const draw = () => body.replaceChildren(...students
    .filter((s) => (!grade.value || s.grade === grade.value) && (!room.value || s.room === room.value.trim()))
    .slice(0, 2000)
    .map((s) => el('tr', {}, el('td', {}, s.citizenId), el('td', {}, `${s.prefix}${s.firstName} ${s.lastName}`),
      el('td', {}, s.grade), el('td', {}, s.room))));
  grade.addEventListener('change', draw);
  room.addEventListener('input', draw);
  draw();
  view(el('h1', {}, `${t('roll')} (${students.length})`),
    el('div', { class: 'grid' }, el('div', {}, el('label', { for: 'roll-grade' }, t('grade')), grade),
      el('div', {}, el('label', { for: 'roll-room' }, t('room')), room)),
    downloadButton(t('rollDmc'), `/api/v1/schools/${school}/students.xlsx?layout=dmc`, `students-${school}.xlsx`),
    el('div', { class: 'table-wrap', tabindex: '0' }, el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'ID'), el('th', {}, t('students')),
      el('th', {}, t('grade')), el('th', {}, t('room')))), body)));
}

function summaryTable(summary) {
  return el('div', { class: 'table-wrap', tabindex: '0' }, el('table', { id: 'summary' },
    el('thead', {}, el('tr', {}, el('th', {}, t('grade')), el('th', { class: 'num' }, t('active')), el('th', { class: 'num' }, t('present')),
      el('th', { class: 'num' }, t('notPresent')), el('th', { class: 'num' }, t('unanswered')))),
    el('tbody', {}, summary.byGrade.map((g) => el('tr', {}, el('td', {}, g.grade), el('td', { class: 'num' }, g.active),
      el('td', { class: 'num' }, g.present), el('td', { class: 'num' }, g.notPresent), el('td', { class: 'num' }, g.unanswered)))),
    el('tfoot', {}, el('tr', {}, el('th', {}, 'รวม / Total'), el('th', { class: 'num' }, summary.active), el('th', { class: 'num' }, summary.present),
      el('th', { class: 'num' }, summary.notPresent), el('th', { class: 'num', id: 'unanswered-total' }, summary.unanswered)))));
}

export async function existencePage() {
  const school = state.me.schoolCode;
  const [students, spec] = await Promise.all([rollPages(school), api('GET', '/api/v1/specs/existence')]);
  const reasons = spec.columns.find((c) => c.key === 'reason').codes;
  const remaining = el('div', { id: 'remaining', 'aria-live': 'polite' });
  const show = (summary) => remaining.replaceChildren(
    el('p', { class: summary.unanswered === 0 ? 'ok' : 'card' }, `${t('remaining')}: `, el('strong', {}, summary.unanswered)),
    summaryTable(summary));
  show(await api('GET', `/api/v1/schools/${school}/existence`));
  // Live: another officer of the school may be answering other rooms at the same time.
  every(15_000, () => api('GET', `/api/v1/schools/${school}/existence`).then(show).catch(() => {}));
  const rooms = new Map();
  for (const s of students) {
    const key = `${s.grade}|${s.room}`;
    if (!rooms.has(key)) rooms.set(key, []);
    rooms.get(key).push(s);
  }
  const sections = [...rooms.entries()].map(([key, list]) => {
    const [grade, room] = key.split('|');
    const who = el('select', { id: `who-${grade}-${room}` }, list.map((s) => el('option', { value: s.citizenId }, `${s.firstName} ${s.lastName} (${s.citizenId})`)));
    const why = el('select', { id: `why-${grade}-${room}` }, reasons.map((r) => el('option', { value: r.code }, pick(r.labelTh, r.labelEn))));
    return el('section', { class: 'card room', 'data-room': key },
      el('h2', {}, `${t('grade')} ${grade} ${t('room')} ${room} · ${list.length} ${t('students')}`),
      action(t('confirmRoom'), async () => {
        show(await api('POST', `/api/v1/schools/${school}/existence`, { json: { grade, room } }));
        return t('done');
      }, { id: `confirm-${grade}-${room}` }),
      el('details', {}, el('summary', {}, t('markAbsent')),
        el('label', { for: who.id }, t('student')), who,
        el('label', { for: why.id }, t('reason')), why,
        action(t('markAbsent'), async () => {
          show(await api('POST', `/api/v1/schools/${school}/existence`,
            { json: { answers: [{ studentId: who.value, present: false, reason: why.value }] } }));
          return t('done');
        }, { secondary: true })));
  });
  view(el('h1', {}, t('existence')), remaining, ...sections);
}

export async function buildingsPage() {
  const school = state.me.schoolCode;
  const [r, spec] = await Promise.all([api('GET', `/api/v1/schools/${school}/buildings`), api('GET', '/api/v1/specs/buildings')]);
  const columns = spec.columns.slice(0, 8);
  const camel = (key) => key.replace(/_([a-z])/g, (m, c) => c.toUpperCase());
  view(el('h1', {}, `${t('buildings')} (${r.total})`),
    el('div', { class: 'table-wrap', tabindex: '0' }, el('table', { id: 'buildings' },
      el('thead', {}, el('tr', {}, columns.map((c) => el('th', {}, pick(c.headerTh, c.headerEn))))),
      el('tbody', {}, r.items.map((b) => el('tr', {}, columns.map((c) => el('td', {}, b[camel(c.key)] ?? ''))))))),
    action(t('confirmBuildings'), async () => {
      const done = await api('POST', `/api/v1/schools/${school}/buildings/confirmation`, { json: {} });
      return `${t('done')}: ${done.confirmedAt}`;
    }, { id: 'confirm-buildings' }));
}

export function templatesPage() {
  view(el('h1', {}, t('templates')),
    ...['students.xlsx', 'movements.xlsx', 'buildings.xlsx', 'existence.xlsx'].map((f) =>
      downloadButton(f, `/api/v1/templates/${f}`, f)));
}

export async function directorPage() {
  const school = state.me.schoolCode;
  const out = el('div', { id: 'director-summary' });
  const show = (s) => out.replaceChildren(
    el('p', { class: s.certified ? 'ok' : 'card', id: 'certified-state' }, s.certified ? `${t('certified')} ${s.certifiedAt} (${s.certifiedBy})` : t('notCertified')),
    summaryTable(s));
  show(await api('GET', `/api/v1/schools/${school}/existence`));
  view(el('h1', {}, `${t('director')} · ${school}`), out,
    action(t('certify'), async () => { show(await api('POST', `/api/v1/schools/${school}/certification`)); return t('done'); }, { id: 'certify' }));
}

