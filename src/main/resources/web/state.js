// What the pages hold in memory: who is logged in and the session's CSRF token (the session itself is an
// HttpOnly cookie the page cannot read), the language, the calendar, and the page's running timers.

export const state = { me: null, csrf: null, lang: 'th', calendar: null, timers: [] };

/** The user's school as people know it: its name, with its code. */
export const mySchool = () => (state.me?.schoolName ? `${state.me.schoolName} (${state.me.schoolCode})` : state.me?.schoolCode);

/** Runs {@code fn} every {@code ms} until the next page: each page's timers are cleared when the route changes. */
export function every(ms, fn) {
  state.timers.push(setInterval(fn, ms));
}

/** Ends every timer of the page being left (countdowns, live refreshes). */
export function clearTimers() {
  state.timers.forEach(clearInterval);
  state.timers = [];
}
