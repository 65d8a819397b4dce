// DMC pages over the JSON API. Thai first, English on a switch. The token lives in this module's memory
// only (no cookie, no storage), so there is nothing for another site to ride on. Every problem the API
// returns is shown as it is, in the chosen language; a 503 or 429 is waited out for its Retry-After and
// the same request sent again, so a click is neither lost nor sent twice.

const state = { token: null, me: null, lang: 'th', calendar: null, timer: null };

const TEXT = {
  th: {
    login: 'เข้าสู่ระบบ', username: 'ชื่อผู้ใช้', password: 'รหัสผ่าน', logout: 'ออกจากระบบ',
    changePassword: 'เปลี่ยนรหัสผ่าน', currentPassword: 'รหัสผ่านปัจจุบัน', newPassword: 'รหัสผ่านใหม่', atLeast: 'อย่างน้อย', characters: 'ตัวอักษร',
    mustChange: 'ต้องเปลี่ยนรหัสผ่านก่อนใช้งานครั้งแรก', home: 'หน้าหลัก', phase: 'ช่วงเวลาปัจจุบัน', closesIn: 'ปิดในอีก',
    noPhase: 'ขณะนี้ไม่มีช่วงเวลาที่เปิดสำหรับบทบาทของท่าน', actions: 'สิ่งที่ทำได้ตอนนี้', open: 'เปิด', closed: 'ปิด',
    upload: 'ส่งไฟล์ข้อมูล', roll: 'รายชื่อนักเรียน', rollDmc: 'ดาวน์โหลดรายชื่อ (รูปแบบ DMC)', existence: 'ยืนยันการมีตัวตน', buildings: 'ข้อมูลอาคาร',
    templates: 'แบบฟอร์ม', director: 'รับรองข้อมูล', area: 'ติดตามโรงเรียน', obec: 'สพฐ.',
    kind: 'ประเภทข้อมูล', file: 'ไฟล์ (.xlsx .xls .csv)', dryRun: 'ตรวจสอบก่อน (ยังไม่บันทึก)', send: 'ส่งและบันทึก',
    sending: 'กำลังส่งไฟล์', working: 'เซิร์ฟเวอร์กำลังตรวจสอบ', result: 'ผลการตรวจสอบ', errors: 'ข้อผิดพลาด', warnings: 'คำเตือน',
    rows: 'แถวใน Excel', errorWorkbook: 'ดาวน์โหลดไฟล์แสดงข้อผิดพลาด', fixAndResend: 'แก้ไขไฟล์แล้วส่งใหม่ได้เลย',
    grade: 'ชั้น', room: 'ห้อง', filter: 'กรอง', all: 'ทั้งหมด', students: 'นักเรียน', active: 'นักเรียนทั้งหมด',
    present: 'มีตัวตน', notPresent: 'ไม่มีตัวตน', unanswered: 'ยังไม่ยืนยัน', confirmRoom: 'ยืนยันทั้งห้องว่ามีตัวตน',
    markAbsent: 'บันทึกว่าไม่มีตัวตน', reason: 'เหตุผล', student: 'นักเรียน', remaining: 'เหลือที่ยังไม่ยืนยัน',
    certify: 'รับรองข้อมูลการมีตัวตน', certified: 'รับรองแล้ว', notCertified: 'ยังไม่รับรอง', counts: 'จำนวนนักเรียน',
    progress: 'ความคืบหน้าของโรงเรียน', state: 'สถานะ', school: 'โรงเรียน', acknowledge: 'รับทราบการรายงานข้อมูล',
    areaWorkbook: 'ดาวน์โหลดรายงานของ สพท.', buildingSummary: 'ดาวน์โหลดสรุปข้อมูลอาคาร', duplicates: 'นักเรียนที่อาจซ้ำซ้อน',
    reopen: 'เปิดให้โรงเรียนแก้ไข', reopenReason: 'เหตุผลที่เปิดให้แก้ไข', accounts: 'บัญชีผู้ใช้ของโรงเรียน',
    bulkAccounts: 'สร้างบัญชีจากไฟล์', closeRound: 'ปิดระบบรอบนี้', force: 'ปิดโดยไม่รอ สพท. ที่ยังไม่รับทราบ',
    registry: 'นำเข้าทะเบียนโรงเรียน', subsidy: 'รายงานเงินอุดหนุน', exchange: 'ไฟล์ Exchange', national: 'รายงานระดับประเทศ',
    audit: 'ค้นหาประวัติการทำงาน', search: 'ค้นหา', busy: 'ระบบมีผู้ใช้งานมาก จะลองส่งอีกครั้งเองใน', seconds: 'วินาที',
    done: 'เรียบร้อย', confirmBuildings: 'ยืนยันข้อมูลอาคาร', notStarted: 'ยังไม่เริ่ม', confirming: 'กำลังยืนยัน',
    drill: 'นาฬิกาซ้อม', loading: 'กำลังโหลด…', areaCode: 'รหัส สพท.', schoolCode: 'รหัสโรงเรียน',
    disable: 'ระงับบัญชี', reset: 'ตั้งรหัสผ่านใหม่', initialPassword: 'รหัสผ่านเริ่มต้น (แสดงครั้งเดียว)',
    rowsRead: 'อ่าน', rowsValid: 'ถูกต้อง', rowsInvalid: 'ผิดพลาด', inserted: 'เพิ่ม', updated: 'แก้ไข', unchanged: 'ไม่เปลี่ยน',
  },
  en: {
    login: 'Log in', username: 'Username', password: 'Password', logout: 'Log out',
    changePassword: 'Change password', currentPassword: 'Current password', newPassword: 'New password', atLeast: 'at least', characters: 'characters',
    mustChange: 'Change your password before first use', home: 'Home', phase: 'Current phase', closesIn: 'Closes in',
    noPhase: 'No phase is open for your role now', actions: 'What you can do now', open: 'open', closed: 'closed',
    upload: 'Upload', roll: 'Roll', rollDmc: 'Download the roll (DMC layout)', existence: 'Existence', buildings: 'Buildings',
    templates: 'Templates', director: 'Certify', area: 'Schools', obec: 'OBEC',
    kind: 'Kind of data', file: 'File (.xlsx .xls .csv)', dryRun: 'Check first (nothing saved)', send: 'Send and save',
    sending: 'Uploading', working: 'The server is checking', result: 'Result', errors: 'Errors', warnings: 'Warnings',
    rows: 'Excel rows', errorWorkbook: 'Download the errors workbook', fixAndResend: 'Fix the file and send it again',
    grade: 'Grade', room: 'Room', filter: 'Filter', all: 'All', students: 'Students', active: 'Students',
    present: 'Present', notPresent: 'Not present', unanswered: 'Unanswered', confirmRoom: 'Confirm the whole room present',
    markAbsent: 'Mark not present', reason: 'Reason', student: 'Student', remaining: 'Still unanswered',
    certify: 'Certify existence', certified: 'Certified', notCertified: 'Not certified', counts: 'Counts',
    progress: 'Schools\u2019 progress', state: 'State', school: 'School', acknowledge: 'Acknowledge the schools\u2019 reports',
    areaWorkbook: 'Download the area workbook', buildingSummary: 'Download the building summary', duplicates: 'Possible duplicates',
    reopen: 'Reopen for the school', reopenReason: 'Reason for reopening', accounts: 'School accounts',
    bulkAccounts: 'Create accounts from a workbook', closeRound: 'Close this round', force: 'Close without waiting for the areas',
    registry: 'Import the school registry', subsidy: 'Subsidy report', exchange: 'Exchange file', national: 'National workbook',
    audit: 'Audit search', search: 'Search', busy: 'The system is busy; trying again by itself in', seconds: 'seconds',
    done: 'Done', confirmBuildings: 'Confirm building records', notStarted: 'Not started', confirming: 'Confirming',
    drill: 'drill clock', loading: 'Loading…', areaCode: 'Area code', schoolCode: 'School code',
    disable: 'Disable', reset: 'New password', initialPassword: 'Initial password (shown once)',
    rowsRead: 'read', rowsValid: 'valid', rowsInvalid: 'invalid', inserted: 'inserted', updated: 'updated', unchanged: 'unchanged',
  },
};
const t = (key) => TEXT[state.lang][key] ?? key;

/** Builds an element; children are nodes or text, never HTML, so nothing from the API is ever markup. */
function el(tag, attrs = {}, ...children) {
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

class ProblemError extends Error {
  constructor(problem, status) {
    super(problem.detail || String(status));
    this.problem = problem;
    this.status = status;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function busy(seconds) {
  const bar = document.getElementById('busy');
  if (seconds === null) { bar.hidden = true; return; }
  bar.hidden = false;
  bar.textContent = `${t('busy')} ${seconds} ${t('seconds')}`;
}

/**
 * One API call; a 503 or 429 waits its Retry-After and goes again, as many times as it takes. Never on
 * /auth/: a retried login re-sends the same (perhaps wrong) password each time a lock ends, so its wait is
 * shown to the person instead.
 */
async function api(method, path, { json, body, headers = {}, blob = false } = {}) {
  const retries = !path.startsWith('/api/v1/auth/');
  for (;;) {
    const h = { Accept: 'application/json', ...headers };
    if (state.token) h.Authorization = `Bearer ${state.token}`;
    let payload = body;
    if (json !== undefined) { h['Content-Type'] = 'application/json'; payload = JSON.stringify(json); }
    const res = await fetch(path, { method, headers: h, body: payload });
    if (retries && (res.status === 503 || res.status === 429)) {
      const wait = Math.max(1, Number(res.headers.get('Retry-After') || '1'));
      busy(wait);
      await sleep(wait * 1000);
      continue;
    }
    busy(null);
    const type = res.headers.get('Content-Type') || '';
    if (!res.ok) {
      const problem = type.includes('json') ? await res.json() : { detail: res.statusText, code: String(res.status) };
      if (res.status === 401 && state.token && path !== '/api/v1/auth/password') { logout(); }
      throw new ProblemError(problem, res.status);
    }
    if (blob) return res;
    return type.includes('json') ? res.json() : res.text();
  }
}

function problemBox(e) {
  const p = e instanceof ProblemError ? e.problem : { detail: String(e), code: 'ERROR' };
  const text = state.lang === 'th' ? (p.detailTh || p.detail) : (p.detail || p.detailTh);
  const box = el('div', { class: 'problem', role: 'alert' }, el('strong', {}, p.code || ''), ' ', text);
  if (Array.isArray(p.rooms)) {
    box.append(el('ul', {}, p.rooms.map((r) => el('li', {}, `${t('grade')} ${r.grade} ${t('room')} ${r.room}: ${r.unanswered}`))));
  }
  if (Array.isArray(p.areas)) box.append(el('ul', {}, p.areas.map((a) => el('li', {}, a))));
  return box;
}

/** Runs a button's action once at a time: disabled while it runs, its problem shown under it. */
function action(label, run, { secondary = false, id } = {}) {
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

/** An answer of the API saved as a file, under the name its Content-Disposition gives. */
async function save(res, fallbackName) {
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
const download = async (path, fallbackName) =>
  save(await api('GET', path, { blob: true, headers: { Accept: '*/*' } }), fallbackName);

/** A file sent, and the workbook the server answers with saved (the bulk accounts' initial passwords). */
const sendAndSave = async (path, file, fallbackName) =>
  save(await api('POST', path, { body: file, blob: true, headers: { Accept: '*/*' } }), fallbackName);

const downloadButton = (label, path, name) => action(label, () => download(path, name), { secondary: true });

function view(...children) {
  const main = document.getElementById('view');
  main.replaceChildren(...children);
  main.focus();
}

function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function logout() {
  state.token = null;
  state.me = null;
  go('#/login');
}

// ---- pages ----

function loginPage() {
  const user = el('input', { type: 'text', id: 'username', autocomplete: 'username', required: true });
  const pass = el('input', { type: 'password', id: 'password', autocomplete: 'current-password', required: true });
  const out = el('div', { 'aria-live': 'polite' });
  const form = el('form', {},
    el('label', { for: 'username' }, t('username')), user,
    el('label', { for: 'password' }, t('password')), pass,
    el('button', { type: 'submit', id: 'login-button' }, t('login')), out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    out.replaceChildren();
    try {
      const answer = await api('POST', '/api/v1/auth/token', { json: { username: user.value.trim(), password: pass.value } });
      state.token = answer.access_token;
      state.me = answer;
      go(answer.mustChangePassword ? '#/password' : '#/home');
    } catch (e) {
      out.append(problemBox(e));
    }
  });
  view(el('h1', {}, t('login')), form);
}

function passwordPage() {
  const current = el('input', { type: 'password', id: 'current-password', autocomplete: 'current-password' });
  const chosen = el('input', { type: 'password', id: 'new-password', autocomplete: 'new-password' });
  const rule = el('span', { id: 'password-rule' });
  // The length the server asks for, from the server: one rule, never a second copy here.
  api('GET', '/api/v1/specs/password').then((r) => {
    chosen.minLength = r.minLength;
    chosen.maxLength = r.maxLength;
    rule.textContent = ` (${t('atLeast')} ${r.minLength} ${t('characters')})`;
  }).catch(() => {});
  const out = el('div', { 'aria-live': 'polite' });
  const form = el('form', {},
    state.me?.mustChangePassword ? el('p', { class: 'problem' }, t('mustChange')) : null,
    el('label', { for: 'current-password' }, t('currentPassword')), current,
    el('label', { for: 'new-password' }, t('newPassword'), rule), chosen,
    el('button', { type: 'submit', id: 'change-password' }, t('changePassword')), out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const answer = await api('POST', '/api/v1/auth/password', { json: { currentPassword: current.value, newPassword: chosen.value } });
      if (answer.access_token) { state.token = answer.access_token; state.me = { ...state.me, ...answer, mustChangePassword: false }; }
      go('#/home');
    } catch (e) {
      out.replaceChildren(problemBox(e));
    }
  });
  view(el('h1', {}, t('changePassword')), form);
}

const ROLE_ACTIONS = {
  school_staff: ['update_students', 'enter_buildings', 'confirm_existence'],
  school_director: ['certify_existence'],
  area_staff: ['monitor_data', 'acknowledge_area'],
  obec_admin: ['close_round', 'send_exchange', 'promote_students'],
};

function countdown(endText) {
  const out = el('span', { class: 'countdown', id: 'countdown' });
  const end = Date.parse(endText);
  const serverNow = Date.parse(state.calendar.now);
  const skew = serverNow - Date.now(); // a drill clock runs at the server's chosen time
  const tick = () => {
    let s = Math.max(0, Math.floor((end - (Date.now() + skew)) / 1000));
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    out.textContent = `${d > 0 ? d + 'd ' : ''}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  };
  tick();
  clearInterval(state.timer);
  state.timer = setInterval(tick, 1000);
  return out;
}

async function homePage() {
  state.calendar = await api('GET', '/api/v1/calendar');
  const role = state.me.role;
  const open = state.calendar.phases.filter((p) => p.open && p.roles.includes(role));
  const parts = [el('h1', {}, t('home'))];
  parts.push(el('p', { class: 'muted' }, `${state.me.schoolCode || state.me.areaCode || ''} · ${role}`,
    state.calendar.drill ? ` · ${t('drill')} ${state.calendar.now}` : ''));
  if (open.length === 0) parts.push(el('p', { class: 'card' }, t('noPhase')));
  for (const p of open) {
    parts.push(el('section', { class: 'card' },
      el('h2', {}, `${t('phase')}: ${state.lang === 'th' ? p.nameTh : p.nameEn}`),
      el('p', {}, `${t('closesIn')} `, countdown(p.end), el('span', { class: 'muted' }, ` (${p.end})`))));
  }
  const list = el('ul', { id: 'actions' });
  for (const a of ROLE_ACTIONS[role] || []) {
    const item = el('li', {}, `${a}: ${t('loading')}`);
    list.append(item);
    api('GET', `/api/v1/calendar/actions/${a}`)
      .then(() => item.replaceChildren(el('strong', {}, a), ` — ${t('open')}`))
      .catch((e) => item.replaceChildren(el('strong', {}, a), ` — ${t('closed')}: `,
        state.lang === 'th' ? (e.problem?.detailTh || e.message) : (e.problem?.detail || e.message)));
  }
  parts.push(el('h2', {}, t('actions')), list);
  view(...parts);
}

function uploadPage() {
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
      xhr.setRequestHeader('Authorization', `Bearer ${state.token}`);
      xhr.setRequestHeader('Prefer', 'respond-async');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total); };
      xhr.onload = () => resolve(xhr);
      xhr.onerror = () => reject(new Error('network'));
      xhr.send(file);
    });
    if (res.status === 503 || res.status === 429) {
      const wait = Math.max(1, Number(res.getResponseHeader('Retry-After') || '1'));
      busy(wait);
      await sleep(wait * 1000);
      continue;
    }
    busy(null);
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
      el('strong', {}, `${g.headerTh || g.column} · ${g.code}`), ` — ${state.lang === 'th' ? g.messageTh : g.messageEn} `,
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

async function rollPage() {
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
    el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'ID'), el('th', {}, t('students')),
      el('th', {}, t('grade')), el('th', {}, t('room')))), body)));
}

function summaryTable(summary) {
  return el('div', { class: 'table-wrap' }, el('table', { id: 'summary' },
    el('thead', {}, el('tr', {}, el('th', {}, t('grade')), el('th', { class: 'num' }, t('active')), el('th', { class: 'num' }, t('present')),
      el('th', { class: 'num' }, t('notPresent')), el('th', { class: 'num' }, t('unanswered')))),
    el('tbody', {}, summary.byGrade.map((g) => el('tr', {}, el('td', {}, g.grade), el('td', { class: 'num' }, g.active),
      el('td', { class: 'num' }, g.present), el('td', { class: 'num' }, g.notPresent), el('td', { class: 'num' }, g.unanswered)))),
    el('tfoot', {}, el('tr', {}, el('th', {}, 'รวม / Total'), el('th', { class: 'num' }, summary.active), el('th', { class: 'num' }, summary.present),
      el('th', { class: 'num' }, summary.notPresent), el('th', { class: 'num', id: 'unanswered-total' }, summary.unanswered)))));
}

async function existencePage() {
  const school = state.me.schoolCode;
  const [students, spec] = await Promise.all([rollPages(school), api('GET', '/api/v1/specs/existence')]);
  const reasons = spec.columns.find((c) => c.key === 'reason').codes;
  const remaining = el('div', { id: 'remaining', 'aria-live': 'polite' });
  const show = (summary) => remaining.replaceChildren(
    el('p', { class: summary.unanswered === 0 ? 'ok' : 'card' }, `${t('remaining')}: `, el('strong', {}, summary.unanswered)),
    summaryTable(summary));
  show(await api('GET', `/api/v1/schools/${school}/existence`));
  // Live: another officer of the school may be answering other rooms at the same time.
  state.timer = setInterval(() => {
    if (location.hash === '#/existence') api('GET', `/api/v1/schools/${school}/existence`).then(show).catch(() => {});
  }, 15_000);
  const rooms = new Map();
  for (const s of students) {
    const key = `${s.grade}|${s.room}`;
    if (!rooms.has(key)) rooms.set(key, []);
    rooms.get(key).push(s);
  }
  const sections = [...rooms.entries()].map(([key, list]) => {
    const [grade, room] = key.split('|');
    const who = el('select', { id: `who-${grade}-${room}` }, list.map((s) => el('option', { value: s.citizenId }, `${s.firstName} ${s.lastName} (${s.citizenId})`)));
    const why = el('select', { id: `why-${grade}-${room}` }, reasons.map((r) => el('option', { value: r.code }, state.lang === 'th' ? r.labelTh : r.labelEn)));
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

async function buildingsPage() {
  const school = state.me.schoolCode;
  const [r, spec] = await Promise.all([api('GET', `/api/v1/schools/${school}/buildings`), api('GET', '/api/v1/specs/buildings')]);
  const columns = spec.columns.slice(0, 8);
  const camel = (key) => key.replace(/_([a-z])/g, (m, c) => c.toUpperCase());
  view(el('h1', {}, `${t('buildings')} (${r.total})`),
    el('div', { class: 'table-wrap' }, el('table', { id: 'buildings' },
      el('thead', {}, el('tr', {}, columns.map((c) => el('th', {}, state.lang === 'th' ? c.headerTh : c.headerEn)))),
      el('tbody', {}, r.items.map((b) => el('tr', {}, columns.map((c) => el('td', {}, b[camel(c.key)] ?? ''))))))),
    action(t('confirmBuildings'), async () => {
      const done = await api('POST', `/api/v1/schools/${school}/buildings/confirmation`, { json: {} });
      return `${t('done')}: ${done.confirmedAt}`;
    }, { id: 'confirm-buildings' }));
}

function templatesPage() {
  view(el('h1', {}, t('templates')),
    ...['students.xlsx', 'movements.xlsx', 'buildings.xlsx', 'existence.xlsx'].map((f) =>
      downloadButton(f, `/api/v1/templates/${f}`, f)));
}

async function directorPage() {
  const school = state.me.schoolCode;
  const out = el('div', { id: 'director-summary' });
  const show = (s) => out.replaceChildren(
    el('p', { class: s.certified ? 'ok' : 'card', id: 'certified-state' }, s.certified ? `${t('certified')} ${s.certifiedAt} (${s.certifiedBy})` : t('notCertified')),
    summaryTable(s));
  show(await api('GET', `/api/v1/schools/${school}/existence`));
  view(el('h1', {}, `${t('director')} · ${school}`), out,
    action(t('certify'), async () => { show(await api('POST', `/api/v1/schools/${school}/certification`)); return t('done'); }, { id: 'certify' }));
}

async function areaPage() {
  const area = state.me.areaCode;
  const progress = await api('GET', `/api/v1/areas/${area}/progress`);
  const filter = el('select', { id: 'state-filter' }, ['', 'not_started', 'confirming', 'certified'].map((s) =>
    el('option', { value: s }, s ? ({ not_started: t('notStarted'), confirming: t('confirming'), certified: t('certified') })[s] : t('all'))));
  const search = el('input', { type: 'search', id: 'school-search' });
  const body = el('tbody');
  const draw = () => body.replaceChildren(...progress.items
    .filter((s) => (!filter.value || s.state === filter.value) && (!search.value || s.schoolCode.includes(search.value.trim())))
    .map((s) => el('tr', { 'data-school': s.schoolCode, 'data-state': s.state }, el('td', {}, s.schoolCode),
      el('td', {}, ({ not_started: t('notStarted'), confirming: t('confirming'), certified: t('certified') })[s.state] ?? s.state),
      el('td', { class: 'num' }, s.active), el('td', { class: 'num' }, s.present), el('td', { class: 'num' }, s.notPresent),
      el('td', { class: 'num' }, s.unanswered))));
  filter.addEventListener('change', draw);
  search.addEventListener('input', draw);
  draw();
  const reopenSchool = el('input', { type: 'text', id: 'reopen-school' });
  const reopenReason = el('input', { type: 'text', id: 'reopen-reason' });
  const totals = progress.totals;
  view(el('h1', {}, `${t('progress')} · ${area}`),
    el('p', { class: 'card', id: 'area-totals' }, `${t('certified')} ${totals.certified} / ${totals.schools} · ${t('unanswered')} ${totals.unanswered}`),
    el('div', { class: 'grid' }, el('div', {}, el('label', { for: 'state-filter' }, t('state')), filter),
      el('div', {}, el('label', { for: 'school-search' }, t('schoolCode')), search)),
    el('div', { class: 'table-wrap' }, el('table', { id: 'progress' }, el('thead', {}, el('tr', {}, el('th', {}, t('school')), el('th', {}, t('state')),
      el('th', { class: 'num' }, t('active')), el('th', { class: 'num' }, t('present')), el('th', { class: 'num' }, t('notPresent')),
      el('th', { class: 'num' }, t('unanswered')))), body)),
    downloadButton(t('areaWorkbook'), `/api/v1/areas/${area}/report.xlsx`, `area-${area}.xlsx`),
    downloadButton(t('buildingSummary'), `/api/v1/areas/${area}/buildings.xlsx`, `buildings-${area}.xlsx`),
    downloadButton(t('duplicates'), `/api/v1/areas/${area}/duplicates.xlsx`, `duplicates-${area}.xlsx`),
    action(t('acknowledge'), async () => { await api('POST', `/api/v1/areas/${area}/acknowledgement`); return t('done'); }, { id: 'acknowledge' }),
    el('h2', {}, t('reopen')),
    el('label', { for: 'reopen-school' }, t('schoolCode')), reopenSchool,
    el('label', { for: 'reopen-reason' }, t('reopenReason')), reopenReason,
    action(t('reopen'), async () => {
      await api('POST', `/api/v1/schools/${reopenSchool.value.trim()}/certification/reopening`, { json: { reason: reopenReason.value } });
      return t('done');
    }, { secondary: true }),
    el('h2', {}, t('buildings')), await buildingProgress(area),
    el('h2', {}, t('duplicates')), await duplicateList(area),
    el('h2', {}, t('accounts')), await accountList(),
    el('h2', {}, t('bulkAccounts')), filePost('accounts-file', (f) => sendAndSave('/api/v1/users/bulk', f, 'accounts.xlsx')));
}

async function buildingProgress(area) {
  const r = await api('GET', `/api/v1/areas/${area}/buildings/progress`);
  return el('div', { class: 'table-wrap' }, el('table', { id: 'building-progress' },
    el('thead', {}, el('tr', {}, el('th', {}, t('school')), el('th', { class: 'num' }, t('buildings')), el('th', {}, t('confirmBuildings')))),
    el('tbody', {}, r.items.map((s) => el('tr', {}, el('td', {}, s.schoolCode), el('td', { class: 'num' }, s.buildings),
      el('td', {}, s.confirmed ? s.confirmedAt : '—'))))));
}

async function duplicateList(area) {
  const r = await api('GET', `/api/v1/areas/${area}/duplicates`);
  if (r.items.length === 0) return el('p', { class: 'muted', id: 'duplicates' }, '0');
  return el('div', { class: 'table-wrap' }, el('table', { id: 'duplicates' }, el('tbody', {}, r.items.map((d) => el('tr', {},
    el('td', {}, `${d.firstName ?? ''} ${d.lastName ?? ''}`), el('td', {}, `${d.schoolCode} ${d.citizenId}`),
    el('td', {}, `${d.otherSchoolName ?? d.otherSchoolCode} ${d.otherCitizenId}`))))));
}

/** The area's school accounts: disabled or given a new initial password (shown once) with a click. */
async function accountList() {
  const r = await api('GET', '/api/v1/users?size=200');
  return el('div', { class: 'table-wrap' }, el('table', { id: 'accounts' }, el('tbody', {}, r.items.map((u) => el('tr', {},
    el('td', {}, u.username), el('td', {}, u.role), el('td', {}, u.schoolCode || u.areaCode || ''),
    el('td', {}, u.disabled ? t('closed') : action(t('disable'), async () => {
      await api('POST', `/api/v1/users/${encodeURIComponent(u.username)}/disable`);
      return t('done');
    }, { secondary: true })),
    el('td', {}, action(t('reset'), async () => {
      const reset = await api('POST', `/api/v1/users/${encodeURIComponent(u.username)}/password-reset`);
      return `${t('initialPassword')}: ${reset.initialPassword}`;
    }, { secondary: true })))))));
}

function filePost(id, send) {
  const input = el('input', { type: 'file', id, accept: '.xlsx,.xls,.csv' });
  return el('div', {}, el('label', { for: id }, t('file')), input,
    action(t('send'), async () => (input.files[0] ? send(input.files[0]) : null), { secondary: true }));
}

function obecPage() {
  const force = el('input', { type: 'checkbox', id: 'force' });
  const reason = el('input', { type: 'text', id: 'force-reason' });
  const auditSchool = el('input', { type: 'text', id: 'audit-school' });
  const auditOut = el('div', { id: 'audit-out' });
  // Example rates must never pass for the published ones: the server says which the loaded file is.
  const ratesNote = el('p', { id: 'rates-note', role: 'note' });
  api('GET', '/api/v1/reports/subsidy-rates').then((r) => {
    if (r.example) ratesNote.textContent = `${state.lang === 'th' ? r.note.th : r.note.en} (${r.fiscalYear})`;
  }).catch(() => {});
  view(el('h1', {}, t('obec')),
    el('h2', {}, t('registry')), filePost('registry-file', async (f) => JSON.stringify(await api('POST', '/api/v1/registry/schools', { body: f }))),
    el('h2', {}, t('closeRound')),
    el('label', { for: 'force' }, force, ' ', t('force')),
    el('label', { for: 'force-reason' }, t('reason')), reason,
    action(t('closeRound'), async () => {
      const body = force.checked ? { force: true, reason: reason.value } : {};
      const r = await api('POST', '/api/v1/rounds/current/close', { json: body });
      return `${t('done')}: ${r.closedAt} · ${r.students}`;
    }, { id: 'close-round' }),
    el('h2', {}, t('subsidy')), ratesNote, downloadButton(t('subsidy'), '/api/v1/reports/subsidy.xlsx', 'subsidy.xlsx'),
    el('h2', {}, t('national')), downloadButton(t('national'), '/api/v1/reports/national.xlsx', 'national.xlsx'),
    downloadButton(t('buildingSummary'), '/api/v1/reports/buildings.xlsx', 'buildings.xlsx'),
    el('h2', {}, t('exchange')), downloadButton(t('exchange'), `/api/v1/exchange/${state.calendar?.academicYear ?? ''}/${state.calendar?.term ?? ''}.zip`, 'exchange.zip'),
    el('h2', {}, t('audit')), el('label', { for: 'audit-school' }, t('schoolCode')), auditSchool,
    action(t('search'), async () => {
      const r = await api('GET', `/api/v1/audit?schoolCode=${encodeURIComponent(auditSchool.value.trim())}&size=50`);
      auditOut.replaceChildren(el('ul', {}, r.items.map((e) => el('li', {}, `${e.at} ${e.actor} ${e.action} ${e.schoolCode || ''}`))));
      return null;
    }, { secondary: true }), auditOut);
}

// ---- navigation ----

const PAGES = {
  '#/login': { page: loginPage, open: true },
  '#/password': { page: passwordPage },
  '#/home': { page: homePage },
  '#/upload': { page: uploadPage, roles: ['school_staff'] },
  '#/roll': { page: rollPage, roles: ['school_staff', 'school_director'] },
  '#/existence': { page: existencePage, roles: ['school_staff'] },
  '#/buildings': { page: buildingsPage, roles: ['school_staff'] },
  '#/templates': { page: templatesPage, roles: ['school_staff'] },
  '#/director': { page: directorPage, roles: ['school_director'] },
  '#/area': { page: areaPage, roles: ['area_staff'] },
  '#/obec': { page: obecPage, roles: ['obec_admin'] },
};
const NAV = {
  school_staff: ['#/home', '#/templates', '#/upload', '#/roll', '#/buildings', '#/existence'],
  school_director: ['#/home', '#/roll', '#/director'],
  area_staff: ['#/home', '#/area'],
  obec_admin: ['#/home', '#/obec'],
};
const NAV_LABEL = { '#/home': 'home', '#/templates': 'templates', '#/upload': 'upload', '#/roll': 'roll', '#/buildings': 'buildings',
  '#/existence': 'existence', '#/director': 'director', '#/area': 'area', '#/obec': 'obec' };

function chrome() {
  document.documentElement.lang = state.lang;
  document.getElementById('lang').textContent = state.lang === 'th' ? 'EN' : 'ไทย';
  document.getElementById('lang').setAttribute('aria-label', state.lang === 'th' ? 'English' : 'ภาษาไทย');
  const logoutButton = document.getElementById('logout');
  logoutButton.hidden = !state.token;
  logoutButton.textContent = t('logout');
  const nav = document.getElementById('nav');
  nav.replaceChildren(...(state.token && !state.me?.mustChangePassword ? NAV[state.me.role] || [] : [])
    .map((h) => el('a', { href: h, 'aria-current': location.hash === h ? 'page' : null }, t(NAV_LABEL[h]))));
}

async function route() {
  clearInterval(state.timer);
  let hash = location.hash || '#/login';
  let entry = PAGES[hash] || PAGES['#/home'];
  if (!entry.open && !state.token) { hash = '#/login'; entry = PAGES[hash]; }
  if (state.token && state.me?.mustChangePassword && hash !== '#/password') { hash = '#/password'; entry = PAGES[hash]; }
  if (entry.roles && !entry.roles.includes(state.me?.role)) entry = PAGES['#/home'];
  chrome();
  try {
    await entry.page();
  } catch (e) {
    view(problemBox(e));
  }
}

document.getElementById('lang').addEventListener('click', () => { state.lang = state.lang === 'th' ? 'en' : 'th'; route(); });
document.getElementById('logout').addEventListener('click', logout);
window.addEventListener('hashchange', route);
route();
