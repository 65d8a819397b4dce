// The one HTTP client of the pages. Every problem the API returns is kept as it is, to be shown in the chosen
// language; a 503 or 429 is waited out for its Retry-After and the same request sent again, so a click is
// neither lost nor sent twice. Never on /auth/: a retried login would re-send the same (perhaps wrong) password
// each time a lock ends, so its wait is shown to the person instead.
import { state } from './state.js';
import { t } from './i18n.js';

export class ProblemError extends Error {
  constructor(problem, status) {
    super(problem.detail || String(status));
    this.problem = problem;
    this.status = status;
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** What the pages do when the server no longer knows the token (set by the router: back to the login). */
export const hooks = { unauthorized: () => {} };

function busy(seconds) {
  const bar = document.getElementById('busy');
  if (seconds === null) { bar.hidden = true; return; }
  bar.hidden = false;
  bar.textContent = `${t('busy')} ${seconds} ${t('seconds')}`;
}

/**
 * The one Retry-After wait: true when {@code status} is a busy answer that was waited out (send again), false
 * when it is an answer to read. Used by {@link api} and by the upload's XHR alike.
 */
export async function waitedOut(path, status, retryAfter) {
  if (path.startsWith('/api/v1/auth/') || (status !== 503 && status !== 429)) {
    busy(null);
    return false;
  }
  const wait = Math.max(1, Number(retryAfter || '1'));
  busy(wait);
  await sleep(wait * 1000);
  return true;
}

export async function api(method, path, { json, body, headers = {}, blob = false } = {}) {
  for (;;) {
    const h = { Accept: 'application/json', ...headers };
    // The session cookie goes by itself (same origin); an unsafe method also shows the session's CSRF token,
    // which another site cannot read, so its forged requests are refused.
    if (state.csrf && method !== 'GET' && method !== 'HEAD') h['X-DMC-CSRF'] = state.csrf;
    let payload = body;
    if (json !== undefined) { h['Content-Type'] = 'application/json'; payload = JSON.stringify(json); }
    const res = await fetch(path, { method, headers: h, body: payload });
    if (await waitedOut(path, res.status, res.headers.get('Retry-After'))) continue;
    const type = res.headers.get('Content-Type') || '';
    if (!res.ok) {
      const problem = type.includes('json') ? await res.json() : { detail: res.statusText, code: String(res.status) };
      if (res.status === 401 && state.me && path !== '/api/v1/auth/password') hooks.unauthorized();
      throw new ProblemError(problem, res.status);
    }
    if (blob) return res;
    return type.includes('json') ? res.json() : res.text();
  }
}
