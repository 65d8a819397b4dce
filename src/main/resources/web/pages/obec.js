// OBEC's page: the registry, closing the round, the subsidy, national and Exchange files, and the audit search.
import { state, every } from '../state.js';
import { lines, shareBars, answerSeries } from '../chart.js';
import { t, pick, when } from '../i18n.js';
import { api } from '../api.js';
import { el, action, view, downloadButton, filePost } from '../dom.js';

export async function obecPage() {
  const force = el('input', { type: 'checkbox', id: 'force' });
  const reason = el('input', { type: 'text', id: 'force-reason' });
  const auditSchool = el('input', { type: 'text', id: 'audit-school' });
  const auditOut = el('div', { id: 'audit-out' });
  // Example rates must never pass for the published ones: the server says which the loaded file is.
  const ratesNote = el('p', { id: 'rates-note', role: 'note' });
  api('GET', '/api/v1/reports/subsidy-rates').then((r) => {
    if (r.example) ratesNote.textContent = `${pick(r.note.th, r.note.en)} (${r.fiscalYear})`;
  }).catch(() => {});
  const charts = el('div', { id: 'obec-charts' });
  const drawCharts = (areas, timeline) => charts.replaceChildren(
    shareBars('areas-behind', t('areasBehind'), areas.items.map((a) => ({
      label: a.areaName ? `${a.areaName} (${a.areaCode})` : a.areaCode,
      share: a.schools ? a.certified / a.schools : 0,
      text: `${a.certified} / ${a.schools}`,
    }))),
    lines('national-timeline', t('answersPerQuarter'), timeline.items, answerSeries()));
  const load = async () => drawCharts(await api('GET', '/api/v1/rounds/current/areas'),
    await api('GET', '/api/v1/rounds/current/timeline'));
  await load();
  every(15_000, () => load().catch(() => {}));
  view(el('h1', {}, t('obec')), charts,
    el('h2', {}, t('registry')), filePost('registry-file', async (f) => JSON.stringify(await api('POST', '/api/v1/registry/schools', { body: f }))),
    el('h2', {}, t('closeRound')),
    el('label', { for: 'force' }, force, ' ', t('force')),
    el('label', { for: 'force-reason' }, t('reason')), reason,
    action(t('closeRound'), async () => {
      const body = force.checked ? { force: true, reason: reason.value } : {};
      const r = await api('POST', '/api/v1/rounds/current/close', { json: body });
      return `${t('done')}: ${when(r.closedAt)} · ${r.students}`;
    }, { id: 'close-round' }),
    el('h2', {}, t('subsidy')), ratesNote, downloadButton(t('subsidy'), '/api/v1/reports/subsidy.xlsx', 'subsidy.xlsx'),
    el('h2', {}, t('national')), downloadButton(t('national'), '/api/v1/reports/national.xlsx', 'national.xlsx'),
    downloadButton(t('buildingSummary'), '/api/v1/reports/buildings.xlsx', 'buildings.xlsx'),
    el('h2', {}, t('exchange')), downloadButton(t('exchange'), `/api/v1/exchange/${state.calendar?.academicYear ?? ''}/${state.calendar?.term ?? ''}.zip`, 'exchange.zip'),
    el('h2', {}, t('audit')), el('label', { for: 'audit-school' }, t('schoolCode')), auditSchool,
    action(t('search'), async () => {
      const r = await api('GET', `/api/v1/audit?schoolCode=${encodeURIComponent(auditSchool.value.trim())}&size=50`);
      auditOut.replaceChildren(el('ul', {}, r.items.map((e) => el('li', {}, `${when(e.at)} ${e.actor} ${e.action} ${e.schoolCode || ''}`))));
      return null;
    }, { secondary: true }), auditOut);
}

