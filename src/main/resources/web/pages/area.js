// The area office's page: its schools' progress, acknowledgement, reopening, buildings, duplicates and accounts.
import { state, every } from '../state.js';
import { stackedBar, lines, answerSeries } from '../chart.js';
import { t, when } from '../i18n.js';
import { api } from '../api.js';
import { el, action, view, downloadButton, sendAndSave, filePost, table } from '../dom.js';

/** A school as its area knows it: its name, with its code. */
const named = (s) => (s.schoolName ? `${s.schoolName} (${s.schoolCode})` : s.schoolCode);

export async function areaPage() {
  const area = state.me.areaCode;
  const progress = await api('GET', `/api/v1/areas/${area}/progress`);
  const filter = el('select', { id: 'state-filter' }, ['', 'not_started', 'confirming', 'certified'].map((s) =>
    el('option', { value: s }, s ? ({ not_started: t('notStarted'), confirming: t('confirming'), certified: t('certified') })[s] : t('all'))));
  const search = el('input', { type: 'search', id: 'school-search' });
  const body = el('tbody');
  const draw = () => body.replaceChildren(...progress.items
    .filter((s) => (!filter.value || s.state === filter.value) && (!search.value || named(s).includes(search.value.trim())))
    .map((s) => el('tr', { 'data-school': s.schoolCode, 'data-state': s.state }, el('td', {}, named(s)),
      el('td', {}, ({ not_started: t('notStarted'), confirming: t('confirming'), certified: t('certified') })[s.state] ?? s.state),
      el('td', { class: 'num' }, s.active), el('td', { class: 'num' }, s.present), el('td', { class: 'num' }, s.notPresent),
      el('td', { class: 'num' }, s.unanswered))));
  filter.addEventListener('change', draw);
  search.addEventListener('input', draw);
  draw();
  const reopenSchool = el('input', { type: 'text', id: 'reopen-school' });
  const reopenReason = el('input', { type: 'text', id: 'reopen-reason' });
  const totals = progress.totals;
  // Schools by name everywhere on the page, from the progress answer's names.
  const names = new Map(progress.items.map((s) => [s.schoolCode, s.schoolName]));
  const nameOf = (code) => (names.get(code) ? `${names.get(code)} (${code})` : code ?? '');
  const charts = el('div', { id: 'area-charts' });
  const drawCharts = (p, timeline) => charts.replaceChildren(
    stackedBar('schools-by-state', t('schoolsByState'), [
      { label: t('notStarted'), value: p.totals.notStarted, cls: 'seg-not-started' },
      { label: t('confirming'), value: p.totals.confirming, cls: 'seg-confirming' },
      { label: t('certified'), value: p.totals.certified, cls: 'seg-certified' }]),
    lines('answers-timeline', t('answersPerQuarter'), timeline.items, answerSeries()));
  drawCharts(progress, await api('GET', `/api/v1/areas/${area}/timeline`));
  // Live, with the page's 15 s poll.
  every(15_000, async () => {
    try {
      drawCharts(await api('GET', `/api/v1/areas/${area}/progress`), await api('GET', `/api/v1/areas/${area}/timeline`));
    } catch (e) { /* the next poll tries again */ }
  });
  view(el('h1', {}, `${t('progress')} · ${area}`),
    el('p', { class: 'card', id: 'area-totals' }, `${t('certified')} ${totals.certified} / ${totals.schools} · ${t('unanswered')} ${totals.unanswered}`),
    charts,
    el('div', { class: 'grid' }, el('div', {}, el('label', { for: 'state-filter' }, t('state')), filter),
      el('div', {}, el('label', { for: 'school-search' }, t('school')), search)),
    el('div', { class: 'table-wrap', tabindex: '0' }, el('table', { id: 'progress' }, el('thead', {}, el('tr', {}, el('th', {}, t('school')), el('th', {}, t('state')),
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
    el('h2', {}, t('buildings')), await buildingProgress(area, nameOf),
    el('h2', {}, t('duplicates')), await duplicateList(area, nameOf),
    el('h2', {}, t('accounts')), await accountList(nameOf),
    el('h2', {}, t('bulkAccounts')), filePost('accounts-file', (f) => sendAndSave('/api/v1/users/bulk', f, 'accounts.xlsx')));
}

async function buildingProgress(area, nameOf) {
  const r = await api('GET', `/api/v1/areas/${area}/buildings/progress`);
  return table([{ label: t('school'), cell: (s) => nameOf(s.schoolCode) },
    { label: t('buildings'), key: 'buildings', num: true },
    { label: t('confirmBuildings'), cell: (s) => (s.confirmed ? when(s.confirmedAt) : '—') }], r.items, { id: 'building-progress' });
}

async function duplicateList(area, nameOf) {
  const r = await api('GET', `/api/v1/areas/${area}/duplicates`);
  if (r.items.length === 0) return el('p', { class: 'muted', id: 'duplicates' }, '0');
  return el('div', { class: 'table-wrap', tabindex: '0' }, el('table', { id: 'duplicates' }, el('tbody', {}, r.items.map((d) => el('tr', {},
    el('td', {}, `${d.firstName ?? ''} ${d.lastName ?? ''}`), el('td', {}, `${nameOf(d.schoolCode)} ${d.citizenId}`),
    el('td', {}, `${d.otherSchoolName ? `${d.otherSchoolName} (${d.otherSchoolCode})` : d.otherSchoolCode} ${d.otherCitizenId}`))))));
}

/** The area's school accounts: disabled or given a new initial password (shown once) with a click. */
async function accountList(nameOf) {
  const r = await api('GET', '/api/v1/users?size=200');
  return el('div', { class: 'table-wrap', tabindex: '0' }, el('table', { id: 'accounts' }, el('tbody', {}, r.items.map((u) => el('tr', {},
    el('td', {}, u.username), el('td', {}, u.role), el('td', {}, u.schoolCode ? nameOf(u.schoolCode) : u.areaCode || ''),
    el('td', {}, u.disabled ? t('closed') : action(t('disable'), async () => {
      await api('POST', `/api/v1/users/${encodeURIComponent(u.username)}/disable`);
      return t('done');
    }, { secondary: true })),
    el('td', {}, action(t('reset'), async () => {
      const reset = await api('POST', `/api/v1/users/${encodeURIComponent(u.username)}/password-reset`);
      return `${t('initialPassword')}: ${reset.initialPassword}`;
    }, { secondary: true })))))));
}

