// A portal link for a customer: a console session limited to some areas, shown once.
import { api } from '../api.js';
import { act, h, replace, secretBox } from '../dom.js';

const AREAS = [
  ['webhooks', 'Endpoints and deliveries'],
  ['events', 'Event log'],
  ['triggers', 'Inbound triggers'],
];

export function portalLinkPanel() {
  const boxes = AREAS.map(([value, label]) =>
    h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: 'portal-area', value, checked: value === 'webhooks' }), label),
  );
  const minutes = h(
    'select',
    { id: 'portal-expiry', value: '60' },
    [15, 60, 240, 1440].map((m) => h('option', { value: String(m) }, m < 60 ? `${m} minutes` : `${m / 60} hour${m === 60 ? '' : 's'}`)),
  );
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Create portal link');
  const form = h(
    'form',
    { class: 'panel', 'aria-labelledby': 'portal-title' },
    h('h2', { id: 'portal-title' }, 'Customer portal link'),
    h('p', { class: 'hint' }, 'A short-lived link that opens this console for your organization, limited to the areas chosen: never API keys.'),
    h('fieldset', null, h('legend', null, 'Areas'), boxes),
    h('label', { for: 'portal-expiry' }, 'Expires after'),
    minutes,
    h('div', { class: 'row' }, submit),
    out,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const scopes = boxes
      .map((b) => /** @type {HTMLInputElement} */ (b.querySelector('input')))
      .filter((i) => i.checked)
      .map((i) => i.value);
    if (scopes.length === 0) return replace(out, h('p', { class: 'error', role: 'alert' }, 'Choose at least one area.'));
    const session = await act(submit, out, () =>
      api('POST', '/portal-sessions', { scopes, expiresInSeconds: Number(/** @type {HTMLSelectElement} */ (minutes).value) * 60 }),
    );
    if (session) replace(out, secretBox('Portal link', session.url, `Shown once. Works until ${new Date(session.expiresAt).toLocaleString()}.`));
  });
  return form;
}
