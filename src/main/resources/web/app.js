// DMC pages over the JSON API: the router, the login and password pages, and the home page with the open phases.
// The modules: state.js (memory), i18n.js (words), api.js (the one HTTP client), dom.js (elements, text only),
// pages/school.js, pages/area.js, pages/obec.js.
import { state, every, clearTimers, mySchool } from './state.js';
import { t, pick, when } from './i18n.js';
import { api, hooks } from './api.js';
import { el, view, problemBox } from './dom.js';
import { uploadPage, rollPage, existencePage, buildingsPage, templatesPage, directorPage, certificatePage } from './pages/school.js';
import { areaPage } from './pages/area.js';
import { obecPage } from './pages/obec.js';

function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

/** Forgets the user here (the server already has, or is told to). */
function forget() {
  state.me = null;
  state.csrf = null;
  go('#/login');
}

async function logout() {
  try {
    await api('POST', '/api/v1/auth/logout');
  } catch (e) {
    // Already ended on the server (another tab logged out, or it expired): nothing left to end.
  }
  forget();
}

/** A session answer from the server: who the cookie belongs to, and the CSRF token of its unsafe requests. */
function signedIn(answer) {
  state.me = answer;
  state.csrf = answer.csrfToken;
}

hooks.unauthorized = forget;

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
      const answer = await api('POST', '/api/v1/auth/session', { json: { username: user.value.trim(), password: pass.value } });
      signedIn(answer);
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
      if (answer.csrfToken) { state.csrf = answer.csrfToken; state.me = { ...state.me, mustChangePassword: false }; }
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
  const out = el('span', { class: 'countdown' });
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
  // One timer per countdown: with two phases open (school staff on 10 November), both clocks tick.
  every(1000, tick);
  return out;
}

async function homePage() {
  state.calendar = await api('GET', '/api/v1/calendar');
  const role = state.me.role;
  const open = state.calendar.phases.filter((p) => p.open && p.roles.includes(role));
  const parts = [el('h1', {}, t('home'))];
  parts.push(el('p', { class: 'muted' }, `${mySchool() || state.me.areaCode || ''} · ${role}`,
    state.calendar.drill ? ` · ${t('drill')} ${state.calendar.now}` : ''));
  if (open.length === 0) parts.push(el('p', { class: 'card' }, t('noPhase')));
  for (const p of open) {
    parts.push(el('section', { class: 'card' },
      el('h2', {}, `${t('phase')}: ${pick(p.nameTh, p.nameEn)}`),
      el('p', {}, `${t('closesIn')} `, countdown(p.end), el('span', { class: 'muted' }, ` (${when(p.end)})`))));
  }
  const list = el('ul', { id: 'actions' });
  for (const a of ROLE_ACTIONS[role] || []) {
    const item = el('li', {}, `${a}: ${t('loading')}`);
    list.append(item);
    api('GET', `/api/v1/calendar/actions/${a}`)
      .then(() => item.replaceChildren(el('strong', {}, a), ` — ${t('open')}`))
      .catch((e) => item.replaceChildren(el('strong', {}, a), ` — ${t('closed')}: `,
        pick(e.problem?.detailTh, e.problem?.detail) || e.message));
  }
  parts.push(el('h2', {}, t('actions')), list);
  view(...parts);
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
  '#/certificate': { page: certificatePage, roles: ['school_director'] },
  '#/area': { page: areaPage, roles: ['area_staff'] },
  '#/obec': { page: obecPage, roles: ['obec_admin'] },
};
const NAV = {
  school_staff: ['#/home', '#/templates', '#/upload', '#/roll', '#/buildings', '#/existence'],
  school_director: ['#/home', '#/roll', '#/director', '#/certificate'],
  area_staff: ['#/home', '#/area'],
  obec_admin: ['#/home', '#/obec'],
};
const NAV_LABEL = { '#/home': 'home', '#/templates': 'templates', '#/upload': 'upload', '#/roll': 'roll', '#/buildings': 'buildings',
  '#/existence': 'existence', '#/director': 'director', '#/certificate': 'certificate', '#/area': 'area', '#/obec': 'obec' };

function chrome() {
  document.documentElement.lang = state.lang;
  document.getElementById('lang').textContent = state.lang === 'th' ? 'EN' : 'ไทย';
  document.getElementById('lang').setAttribute('aria-label', state.lang === 'th' ? 'English' : 'ภาษาไทย');
  const logoutButton = document.getElementById('logout');
  logoutButton.hidden = !state.me;
  logoutButton.textContent = t('logout');
  const nav = document.getElementById('nav');
  nav.replaceChildren(...(state.me && !state.me.mustChangePassword ? NAV[state.me.role] || [] : [])
    .map((h) => el('a', { href: h, 'aria-current': location.hash === h ? 'page' : null }, t(NAV_LABEL[h]))));
}

async function route() {
  clearTimers();
  let hash = location.hash || '#/login';
  let entry = PAGES[hash] || PAGES['#/home'];
  if (!entry.open && !state.me) { hash = '#/login'; entry = PAGES[hash]; }
  if (state.me?.mustChangePassword && hash !== '#/password') { hash = '#/password'; entry = PAGES[hash]; }
  if (entry.roles && !entry.roles.includes(state.me?.role)) entry = PAGES['#/home'];
  chrome();
  // Each page's time to its first full paint, for the big-school measurement (PagesTest reads these entries).
  performance.mark(`route-start ${hash}`);
  try {
    await entry.page();
    performance.measure(`route ${hash}`, `route-start ${hash}`);
  } catch (e) {
    view(problemBox(e));
  }
}

document.getElementById('lang').addEventListener('click', () => { state.lang = state.lang === 'th' ? 'en' : 'th'; route(); });
document.getElementById('logout').addEventListener('click', logout);
window.addEventListener('hashchange', route);
// A reload, a new tab: the session cookie still names the user, so the same page opens again without a login.
api('GET', '/api/v1/auth/session').then(signedIn).catch(() => {}).finally(route);
