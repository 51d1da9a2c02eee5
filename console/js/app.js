// The console's shell: sign-in, the credential's organization and scopes, the section
// navigation (only what the credential can use), the theme and a hash router.
import { api, ApiError, clearCredential, credential, setCredential } from './api.js';
import { errorBox, h, replace } from './dom.js';

/** @typedef {{ object: 'credential', kind: 'api_key' | 'portal_session', organization: { id: string, name: string }, keyId: string | null, scopes: string[], areas: string[], expiresAt: string | null }} Session */

const SECTIONS = [
  { path: 'overview', label: 'Overview', module: './pages/overview.js', allowed: (/** @type {Session} */ s) => s.areas.includes('webhooks') },
  { path: 'endpoints', label: 'Endpoints', module: './pages/endpoints.js', allowed: (/** @type {Session} */ s) => s.areas.includes('webhooks') },
  { path: 'deliveries', label: 'Deliveries', module: './pages/deliveries.js', allowed: (/** @type {Session} */ s) => s.areas.includes('webhooks') },
  { path: 'events', label: 'Events', module: './pages/events.js', allowed: (/** @type {Session} */ s) => s.areas.includes('events') },
  { path: 'triggers', label: 'Triggers', module: './pages/triggers.js', allowed: (/** @type {Session} */ s) => s.areas.includes('triggers') },
  { path: 'keys', label: 'API keys', module: './pages/keys.js', allowed: (/** @type {Session} */ s) => s.kind === 'api_key' && s.scopes.includes('admin') },
];

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
const who = /** @type {HTMLElement} */ (document.getElementById('who'));
const signOut = /** @type {HTMLButtonElement} */ (document.getElementById('sign-out'));
const themeToggle = /** @type {HTMLButtonElement} */ (document.getElementById('theme-toggle'));

/** @type {Session | null} */
let session = null;
/** Cleanups of the page on screen (timers); run when another page replaces it. */
let cleanups = [];
let renderSeq = 0;

// ── Theme: the system's preference until the toggle chooses one for this browser ──
const THEME = 'og-console.theme';
function currentTheme() {
  const chosen = localStorage.getItem(THEME);
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
function applyTheme() {
  const theme = currentTheme();
  document.documentElement.dataset.theme = theme;
  themeToggle.setAttribute('aria-pressed', String(theme === 'dark'));
  themeToggle.textContent = theme === 'dark' ? 'Light theme' : 'Dark theme';
  window.dispatchEvent(new CustomEvent('og-theme'));
}
themeToggle.addEventListener('click', () => {
  localStorage.setItem(THEME, currentTheme() === 'dark' ? 'light' : 'dark');
  applyTheme();
});
applyTheme();

// ── Sign-in ──
function showSignIn(error) {
  session = null;
  nav.hidden = true;
  signOut.hidden = true;
  who.textContent = '';
  const input = h('input', {
    id: 'api-key',
    name: 'api-key',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    placeholder: 'og_live_…',
    'aria-describedby': 'api-key-hint',
  });
  const out = h('div', { 'aria-live': 'polite' }, error ? errorBox(error, 'Sign-in failed') : null);
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'panel signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h('p', { id: 'api-key-hint', class: 'hint' }, 'Kept in this tab only (session storage); closing the tab signs you out.'),
    h('div', { class: 'row' }, button),
    out,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    const key = /** @type {HTMLInputElement} */ (input).value.trim();
    try {
      const found = await api('GET', '/whoami', undefined, key);
      setCredential(key);
      start(found);
    } catch (err) {
      replace(out, errorBox(err, 'Sign-in failed'));
      button.disabled = false;
      input.focus();
    }
  });
  replace(main, form);
  input.focus();
  markReady();
}

/** The first screen is up: what the browser tests time the page load by. */
function markReady() {
  if (performance.getEntriesByName('console-ready').length === 0) performance.mark('console-ready');
}

signOut.addEventListener('click', () => {
  clearCredential();
  history.replaceState(null, '', `${location.pathname}#/`);
  showSignIn();
});

/** @param {Session} found */
function start(found) {
  session = found;
  const allowed = SECTIONS.filter((s) => s.allowed(found));
  replace(
    nav,
    allowed.map((s) => h('a', { href: `#/${s.path}`, 'data-section': s.path }, s.label)),
  );
  nav.hidden = false;
  signOut.hidden = false;
  const kind = found.kind === 'portal_session' ? 'portal session' : `${found.scopes.join(', ')} key`;
  who.textContent = `${found.organization.name} · ${kind}`;
  route();
}

// ── Router ──
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { section: parts[0] ?? '', id: parts[1], query: new URLSearchParams(qs ?? '') };
}

async function route() {
  if (!session) return;
  for (const fn of cleanups.splice(0)) fn();
  const seq = ++renderSeq;
  const { section, id, query } = parseHash();
  const allowed = SECTIONS.filter((s) => s.allowed(/** @type {Session} */ (session)));
  const target = allowed.find((s) => s.path === section);
  if (!target) {
    const fallback = allowed[0];
    if (!fallback) return replace(main, h('h1', null, 'Nothing to show'), h('p', null, 'This credential cannot use any console section.'));
    if (section)
      replace(
        main,
        h('h1', null, 'Not available'),
        h('p', null, `This credential cannot open “${section}”.`),
        h('a', { href: `#/${fallback.path}` }, `Go to ${fallback.label}`),
      );
    else location.replace(`#/${fallback.path}`);
    return;
  }
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${target.label} · og-gateway console`;
  const page = await import(target.module);
  if (seq !== renderSeq) return;
  const view = h('div');
  replace(main, view);
  try {
    await page.render({
      view,
      id,
      query,
      session,
      alive: () => seq === renderSeq,
      onLeave: (/** @type {() => void} */ fn) => cleanups.push(fn),
      go: (/** @type {string} */ hash) => (location.hash = hash),
    });
    markReady();
  } catch (err) {
    if (seq !== renderSeq) return;
    replace(view, h('h1', null, target.label), errorBox(err));
    if (err instanceof ApiError && err.status === 401)
      view.append(h('button', { type: 'button', onclick: () => (clearCredential(), showSignIn(err)) }, 'Sign in again'));
  }
}
window.addEventListener('hashchange', () => {
  route().then(() => main.focus({ preventScroll: true }));
});

// ── Boot: a portal link carries its token in the fragment; it moves to this tab's storage ──
async function boot() {
  const portal = /^#portal=(og_portal_[A-Za-z0-9_-]+)$/.exec(location.hash);
  if (portal) {
    setCredential(portal[1]);
    history.replaceState(null, '', `${location.pathname}#/`);
  }
  const token = credential();
  if (!token) return showSignIn();
  try {
    start(await api('GET', '/whoami'));
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) clearCredential();
    showSignIn(err);
  }
}
boot();
