// The school's pages: uploads, the roll, the existence check of 10 November, buildings, templates, and the
// director's certification.
import { state, every, mySchool } from '../state.js';
import { t, pick, when } from '../i18n.js';
import { api, sleep, waitedOut, ProblemError } from '../api.js';
import { el, action, view, downloadButton, table } from '../dom.js';

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
  if (r.sheetsRead && r.sheetsRead.length > 1) parts.push(el('p', {}, `${t('sheetsRead')}: ${r.sheetsRead.join(', ')}`));
  if (r.sheetsNotRead && r.sheetsNotRead.length) parts.push(el('p', { class: 'muted' }, `${t('sheetsNotRead')}: ${r.sheetsNotRead.join(', ')}`));
  if (r.changes && r.status === 'committed') {
    parts.push(el('p', { class: 'ok' }, `${t('inserted')} ${r.changes.inserted} · ${t('updated')} ${r.changes.updated} · ${t('unchanged')} ${r.changes.unchanged}`));
  }
  const groups = (title, list) => {
    if (!list || list.length === 0) return;
    parts.push(el('h3', {}, `${title} (${list.reduce((n, g) => n + g.count, 0)})`));
    parts.push(el('ul', { class: 'rows' }, list.map((g) => el('li', {},
      el('strong', {}, `${g.headerTh || g.column} · ${g.code}`), ` — ${pick(g.messageTh, g.messageEn)} `,
      el('span', { class: 'muted' }, `(${t('rows')}: ${(g.places || g.rows).map((p) => (p.sheet ? `${p.sheet}!${p.row}` : p)).join(', ')}${g.count > g.rows.length ? ' …' : ''})`)))));
  };
  groups(t('errors'), r.errors);
  groups(t('warnings'), r.warnings);
  if ((r.errors && r.errors.length) || (r.warnings && r.warnings.length)) {
    parts.push(downloadButton(t('errorWorkbook'), `/api/v1/uploads/${r.id}/errors.xlsx`, 'errors.xlsx'));
    if (r.errors && r.errors.length) parts.push(el('p', {}, t('fixAndResend')));
  }
  return el('section', { class: 'card', id: 'result-card' }, parts);
}

/** A page of the school's roll from the server, filtered there: a big school is never loaded whole. */
const fetchRollPage = (school, { grade, room, q, page = 1, size = 200 }) => {
  const params = new URLSearchParams({ page, size });
  if (grade) params.set('grade', grade);
  if (room) params.set('room', room);
  if (q) params.set('q', q);
  return api('GET', `/api/v1/schools/${school}/students?${params}`);
};

const studentName = (s) => `${s.prefix}${s.firstName} ${s.lastName}`;

export async function rollPage() {
  const school = state.me.schoolCode;
  const rooms = (await api('GET', `/api/v1/schools/${school}/existence/rooms`)).items;
  const grades = [...new Set(rooms.map((r) => r.grade))];
  const grade = el('select', { id: 'roll-grade' }, el('option', { value: '' }, t('all')), grades.map((g) => el('option', { value: g }, g)));
  const room = el('input', { type: 'search', id: 'roll-room' });
  const search = el('input', { type: 'search', id: 'roll-search' });
  const body = el('tbody');
  const status = el('p', { class: 'muted', id: 'roll-status', 'aria-live': 'polite' });
  let page = 1;
  const more = el('button', { type: 'button', class: 'secondary', id: 'roll-more' }, t('next'));
  const draw = async () => {
    const r = await fetchRollPage(school, { grade: grade.value, room: room.value.trim(), q: search.value.trim(), page });
    body.replaceChildren(...r.items.map((s) => el('tr', {}, el('td', {}, s.citizenId), el('td', {}, studentName(s)),
      el('td', {}, s.grade), el('td', {}, s.room))));
    status.textContent = `${(page - 1) * r.size + Math.min(1, r.items.length)}–${(page - 1) * r.size + r.items.length} / ${r.total}`;
    more.hidden = page * r.size >= r.total;
  };
  const fresh = () => { page = 1; draw(); };
  grade.addEventListener('change', fresh);
  room.addEventListener('change', fresh);
  search.addEventListener('change', fresh);
  more.addEventListener('click', () => { page++; draw(); });
  await draw();
  const total = rooms.reduce((n, r) => n + r.active, 0);
  view(el('h1', {}, `${t('roll')} (${total})`),
    el('div', { class: 'grid' }, el('div', {}, el('label', { for: 'roll-grade' }, t('grade')), grade),
      el('div', {}, el('label', { for: 'roll-room' }, t('room')), room),
      el('div', {}, el('label', { for: 'roll-search' }, t('findStudent')), search)),
    downloadButton(t('rollDmc'), `/api/v1/schools/${school}/students.xlsx?layout=dmc`, `students-${school}.xlsx`),
    status,
    el('div', { class: 'table-wrap', tabindex: '0' }, el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'ID'), el('th', {}, t('students')),
      el('th', {}, t('grade')), el('th', {}, t('room')))), body)), more);
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

/** Marks one student not present, with a reason; answers the school's new summary. */
function absentForm(school, id, students, reasons, show) {
  const who = el('select', { id: `who-${id}` }, students.map((s) => el('option', { value: s.citizenId }, `${s.firstName} ${s.lastName} (${s.citizenId})`)));
  const why = el('select', { id: `why-${id}` }, reasons.map((r) => el('option', { value: r.code }, pick(r.labelTh, r.labelEn))));
  return el('div', {},
    el('label', { for: who.id }, t('student')), who,
    el('label', { for: why.id }, t('reason')), why,
    action(t('markAbsent'), async () => {
      show(await api('POST', `/api/v1/schools/${school}/existence`,
        { json: { answers: [{ studentId: who.value, present: false, reason: why.value }] } }));
      return t('done');
    }, { secondary: true, id: `absent-${id}` }));
}

/**
 * The 10 November page. A school of 4,500 is never loaded whole: the rooms come first with their counts, a room's
 * students only when it is opened (200 at a time), and a search finds one student across the school by an index.
 */
export async function existencePage() {
  const school = state.me.schoolCode;
  const [rooms, spec] = await Promise.all([api('GET', `/api/v1/schools/${school}/existence/rooms`),
    api('GET', '/api/v1/specs/existence')]);
  const reasons = spec.columns.find((c) => c.key === 'reason').codes;
  const remaining = el('div', { id: 'remaining', 'aria-live': 'polite' });
  const show = (summary) => remaining.replaceChildren(
    el('p', { class: summary.unanswered === 0 ? 'ok' : 'card' }, `${t('remaining')}: `, el('strong', {}, summary.unanswered)),
    summaryTable(summary));
  show(await api('GET', `/api/v1/schools/${school}/existence`));
  // Live: another officer of the school may be answering other rooms at the same time.
  every(15_000, () => api('GET', `/api/v1/schools/${school}/existence`).then(show).catch(() => {}));

  const query = el('input', { type: 'search', id: 'existence-search' });
  const found = el('div', { id: 'search-results', 'aria-live': 'polite' });
  const searchForm = el('form', { role: 'search' }, el('label', { for: 'existence-search' }, t('findStudent')), query,
    el('button', { type: 'submit', class: 'secondary', id: 'search-button' }, t('search')), found);
  searchForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!query.value.trim()) return;
    const r = await fetchRollPage(school, { q: query.value.trim(), size: 20 });
    found.replaceChildren(el('p', {}, `${r.total}`), el('ul', {}, r.items.map((s) => el('li', {},
      `${studentName(s)} · ${t('grade')} ${s.grade} ${t('room')} ${s.room} · ${s.citizenId}`))),
      r.items.length ? absentForm(school, 'search', r.items, reasons, show) : null);
  });

  const sections = rooms.items.map((r) => {
    const key = `${r.grade}-${r.room}`;
    const students = el('div', { class: 'room-students' });
    const details = el('details', {}, el('summary', {}, t('markAbsent')), students);
    let loaded = false;
    details.addEventListener('toggle', async () => {
      if (!details.open || loaded) return;
      loaded = true;
      performance.mark(`room-open ${key}`);
      const list = [];
      for (let page = 1; ; page++) {
        const p = await fetchRollPage(school, { grade: r.grade, room: r.room, page, size: 200 });
        list.push(...p.items);
        if (list.length >= p.total || p.items.length === 0) break;
      }
      students.replaceChildren(absentForm(school, key, list, reasons, show));
      performance.measure(`room ${key}`, `room-open ${key}`);
    });
    return el('section', { class: 'card room', 'data-room': `${r.grade}|${r.room}` },
      el('h2', {}, `${t('grade')} ${r.grade} ${t('room')} ${r.room} · ${r.active} ${t('students')} · ${t('unanswered')} ${r.unanswered}`),
      action(t('confirmRoom'), async () => {
        show(await api('POST', `/api/v1/schools/${school}/existence`, { json: { grade: r.grade, room: r.room } }));
        return t('done');
      }, { id: `confirm-${r.grade}-${r.room}` }),
      details);
  });
  view(el('h1', {}, t('existence')), remaining, searchForm, ...sections);
}

export async function buildingsPage() {
  const school = state.me.schoolCode;
  const [r, spec] = await Promise.all([api('GET', `/api/v1/schools/${school}/buildings`), api('GET', '/api/v1/specs/buildings')]);
  const columns = spec.columns.slice(0, 8);
  const camel = (key) => key.replace(/_([a-z])/g, (m, c) => c.toUpperCase());
  view(el('h1', {}, `${t('buildings')} (${r.total})`),
    table(columns.map((c) => ({ label: pick(c.headerTh, c.headerEn), cell: (b) => b[camel(c.key)] ?? '' })), r.items,
      { id: 'buildings' }),
    action(t('confirmBuildings'), async () => {
      const done = await api('POST', `/api/v1/schools/${school}/buildings/confirmation`, { json: {} });
      return `${t('done')}: ${when(done.confirmedAt)}`;
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
    el('p', { class: s.certified ? 'ok' : 'card', id: 'certified-state' }, s.certified ? `${t('certified')} ${when(s.certifiedAt)} (${s.certifiedBy})` : t('notCertified')),
    summaryTable(s));
  const [summary, rooms] = await Promise.all([api('GET', `/api/v1/schools/${school}/existence`),
    api('GET', `/api/v1/schools/${school}/existence/rooms`)]);
  show(summary);
  view(el('h1', {}, `${t('director')} · ${mySchool()}`), out,
    action(t('certify'), async () => { show(await api('POST', `/api/v1/schools/${school}/certification`)); return t('done'); }, { id: 'certify' }),
    el('h2', {}, t('roomsBySex')), roomsTable(rooms.items));
}

/** The rooms grouped by grade, in the order they come, each grade with its boys, girls and total. */
function gradeTotals(rooms) {
  const grades = new Map();
  for (const r of rooms) {
    const g = grades.get(r.grade) || { grade: r.grade, rooms: [], male: 0, female: 0, total: 0 };
    g.rooms.push(r);
    g.male += r.male;
    g.female += r.female;
    g.total += r.male + r.female;
    grades.set(r.grade, g);
  }
  return [...grades.values()];
}

function schoolTotal(rooms) {
  const male = rooms.reduce((n, r) => n + r.male, 0);
  const female = rooms.reduce((n, r) => n + r.female, 0);
  return { male, female, total: male + female };
}

/**
 * The DMC summary "จำนวนนักเรียนจำแนกตามชั้น ห้อง และเพศ": each room's boys, girls and total, each grade's total with
 * how many rooms it has, and the school's.
 */
function roomsTable(rooms) {
  const rows = [];
  for (const g of gradeTotals(rooms)) {
    for (const r of g.rooms) rows.push({ grade: g.grade, room: r.room, male: r.male, female: r.female, total: r.male + r.female });
    rows.push({ grade: `${t('total')} ${g.grade}`, room: `${g.rooms.length} ${t('rooms')}`, male: g.male, female: g.female, total: g.total });
  }
  rows.push({ grade: t('total'), room: '', ...schoolTotal(rooms) });
  return table([{ label: t('grade'), key: 'grade' }, { label: t('room'), key: 'room' },
    { label: t('male'), key: 'male', num: true }, { label: t('female'), key: 'female', num: true },
    { label: t('total'), key: 'total', num: true }], rows, { id: 'rooms-summary' });
}

/**
 * The form the director prints and signs: "แบบรับรองข้อมูลการมีตัวตนของนักเรียน ณ วันที่ 10 พ.ย. 2566" (the count day
 * from the calendar), the school, its students by grade and sex, when the confirmation was completed, and the
 * signature and date lines. Printed from the browser on A4 (app.css, @media print).
 */
export async function certificatePage() {
  const school = state.me.schoolCode;
  const [summary, rooms] = await Promise.all([api('GET', `/api/v1/schools/${school}/existence`),
    api('GET', `/api/v1/schools/${school}/existence/rooms`)]);
  const rows = gradeTotals(rooms.items).map(({ grade, male, female, total }) => ({ grade, male, female, total }));
  rows.push({ grade: t('total'), ...schoolTotal(rooms.items) });
  state.calendar = state.calendar || await api('GET', '/api/v1/calendar');
  const countDay = when(`${state.calendar.countDate}T12:00:00+07:00`).replace(/,? \d{2}:\d{2}.*$/, '');
  view(el('article', { id: 'certificate', class: 'certificate' },
    el('h1', {}, `${t('certificateTitle')} ${countDay}`),
    el('p', {}, `${t('school')}: ${mySchool()}`),
    table([{ label: t('grade'), key: 'grade' }, { label: t('male'), key: 'male', num: true },
      { label: t('female'), key: 'female', num: true }, { label: t('total'), key: 'total', num: true }], rows, { id: 'certificate-counts' }),
    el('p', {}, `${t('confirmedAt')}: ${summary.lastAnswerAt ? when(summary.lastAnswerAt) : '—'}`),
    el('p', {}, `${t('certified')}: ${summary.certified ? when(summary.certifiedAt) : t('notCertified')}`),
    el('p', { class: 'signature' }, `${t('signature')} ....................................................`),
    el('p', { class: 'signature' }, `(....................................................) ${t('directorTitle')}`),
    el('p', { class: 'signature' }, `${t('date')} ........ / ........ / ............`),
    el('button', { type: 'button', class: 'no-print', onclick: () => window.print() }, t('print'))));
}
