// Small DOM helpers. Text always goes in as text (never as HTML), so nothing the API
// returns can become markup.

/**
 * @param {string} tag
 * @param {Record<string, any> | null} [props]
 * @param {...(Node | string | number | null | undefined | false | (Node | string)[])} children
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false || key === 'value') continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key in el && key !== 'list' && typeof value !== 'string') /** @type {any} */ (el)[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  // After the children: a select's value names one of its options.
  if (props?.value !== undefined && props.value !== null) /** @type {any} */ (el).value = props.value;
  return el;
}

/** @param {Element} el @param {any[]} children */
function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** @param {Element} el @param {...any} children */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** @param {string | null | undefined} iso */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** @param {string | null | undefined} iso */
export function ago(iso) {
  if (!iso) return '—';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  const abs = Math.abs(s);
  const [n, unit] =
    abs < 60
      ? [abs, 'second']
      : abs < 3600
        ? [Math.round(abs / 60), 'minute']
        : abs < 86400
          ? [Math.round(abs / 3600), 'hour']
          : [Math.round(abs / 86400), 'day'];
  const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return s >= 0 ? `${text} ago` : `in ${text}`;
}

/** @param {string | null | undefined} iso */
export const time = (iso) => h('time', { datetime: iso ?? '', title: when(iso) }, ago(iso));

const TONES = {
  delivered: 'ok',
  processed: 'ok',
  enabled: 'ok',
  active: 'ok',
  completed: 'ok',
  succeeded: 'ok',
  failed: 'bad',
  dropped: 'bad',
  disabled: 'bad',
  revoked: 'bad',
  pending: 'warn',
  retrying: 'warn',
  received: 'info',
  running: 'info',
  duplicate: 'info',
};

/** @param {string} status @param {string} [label] */
export const badge = (status, label) => h('span', { class: `badge ${/** @type {any} */ (TONES)[status] ?? 'info'}` }, label ?? status);

/** The API's error envelope in words: message, status and code, then each issue. */
export function errorBox(err, prefix = '') {
  const e = /** @type {any} */ (err);
  const issues = Array.isArray(e?.details?.issues) ? e.details.issues : [];
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('strong', null, prefix ? `${prefix}: ` : '', e?.message ?? String(err)),
    e?.status !== undefined ? h('div', { class: 'hint' }, e.status ? `HTTP ${e.status} · ${e.code}` : e.code) : null,
    issues.length
      ? h(
          'ul',
          null,
          issues.slice(0, 10).map((i) => h('li', null, `${i.path ?? i.instancePath ?? ''} ${i.message ?? JSON.stringify(i)}`.trim())),
        )
      : null,
  );
}

/**
 * @param {{ label: string, cell: (row: any) => any, narrow?: boolean }[]} columns
 * @param {any[]} rows
 * @param {string} caption
 * @param {string} empty
 */
export function table(columns, rows, caption, empty) {
  if (rows.length === 0) return h('div', { class: 'table-wrap' }, h('p', { class: 'empty' }, empty));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      null,
      h('caption', { class: 'visually-hidden' }, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          columns.map((c) => h('th', { scope: 'col', class: c.narrow ? 'hide-narrow' : null }, c.label)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            null,
            columns.map((c) => h('td', { class: c.narrow ? 'hide-narrow' : null }, c.cell(r))),
          ),
        ),
      ),
    ),
  );
}

/** @param {string} message */
export function toast(message) {
  const el = /** @type {HTMLElement} */ (document.getElementById('toast'));
  el.textContent = message;
  clearTimeout(/** @type {any} */ (toast).timer);
  /** @type {any} */ (toast).timer = setTimeout(() => (el.textContent = ''), 4000);
}

/** @param {string} text @param {string} label */
export function copyButton(text, label = 'Copy') {
  return h(
    'button',
    {
      type: 'button',
      class: 'ghost',
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(text);
          toast('Copied to the clipboard');
        } catch {
          toast('Copying was refused by the browser: select the text instead');
        }
      },
    },
    label,
  );
}

/** A secret shown once, with a copy button. */
export function secretBox(title, value, note) {
  return h(
    'div',
    { class: 'secret', role: 'status' },
    h('strong', null, title),
    h('p', null, h('code', { 'data-secret': '' }, value)),
    h('div', { class: 'row' }, copyButton(value, `Copy ${/^[A-Z]{2}/.test(title) ? title : title.charAt(0).toLowerCase() + title.slice(1)}`)),
    note ? h('p', { class: 'hint' }, note) : null,
  );
}

/**
 * Runs an action from a button: disables it meanwhile and shows the API's error in `out`.
 * @param {HTMLButtonElement} button @param {HTMLElement} out @param {() => Promise<any>} action
 */
export async function act(button, out, action) {
  button.disabled = true;
  out.replaceChildren();
  try {
    return await action();
  } catch (err) {
    out.append(errorBox(err));
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/** @param {any} value */
export const pretty = (value) => JSON.stringify(value, null, 2);
