// API keys: list, create (the key shown once), revoke.
import { api, query } from '../api.js';
import { act, badge, errorBox, h, replace, secretBox, table, time, toast } from '../dom.js';
import { portalLinkPanel } from './portal-link.js';

const SCOPES = ['read', 'write', 'admin'];

export async function render(ctx) {
  const { view } = ctx;
  const list = await api('GET', `/api-keys${query({ limit: 100 })}`);
  const out = h('div', { 'aria-live': 'polite' });
  const name = h('input', { id: 'key-name', type: 'text', required: true, maxlength: 200 });
  const scopes = SCOPES.map((s) => h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'key-scope', value: s, checked: s === 'read' }), s));
  const submit = h('button', { type: 'submit' }, 'Create key');
  const form = h(
    'form',
    { class: 'panel', 'aria-labelledby': 'new-key-title' },
    h('h2', { id: 'new-key-title' }, 'New key'),
    h('label', { for: 'key-name' }, 'Name'),
    name,
    h(
      'fieldset',
      null,
      h('legend', null, 'Scope'),
      h('p', { class: 'hint' }, 'admin includes write, write includes read. Webhooks, triggers and keys need admin.'),
      scopes,
    ),
    h('div', { class: 'row' }, submit),
    out,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const scope = scopes.map((l) => l.querySelector('input')).find((i) => i.checked)?.value ?? 'read';
    const created = await act(submit, out, () => api('POST', '/api-keys', { name: name.value.trim(), scopes: [scope] }));
    if (!created) return;
    await render(ctx);
    view.querySelector('form')?.after(secretBox('API key', created.key, `Shown once. “${created.name}” (${scope}).`));
  });
  const revoke = (k) => {
    const b = h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${k.name}` }, 'Revoke');
    b.addEventListener('click', async () => {
      if (!confirm(`Revoke the key “${k.name}” (…${k.last4})? Requests with it fail from then on.`)) return;
      const done = await act(b, out, () => api('DELETE', `/api-keys/${k.id}`));
      if (done) {
        toast('Key revoked');
        render(ctx).catch((err) => replace(view, errorBox(err)));
      }
    });
    return b;
  };
  replace(
    view,
    h('h1', null, 'API keys'),
    form,
    table(
      [
        { label: 'Name', cell: (k) => h('span', null, k.name, k.id === ctx.session.keyId ? h('span', { class: 'hint' }, ' (this session)') : null) },
        { label: 'Key', cell: (k) => h('code', null, `${k.prefix}…${k.last4}`) },
        { label: 'Scopes', cell: (k) => k.scopes.join(', ') },
        { label: 'Last used', narrow: true, cell: (k) => time(k.lastUsedAt) },
        { label: 'State', cell: (k) => (k.revokedAt ? badge('revoked') : badge('active')) },
        // The key this tab is signed in with is revoked elsewhere (or by another admin key).
        { label: 'Actions', cell: (k) => (k.revokedAt ? '' : k.id === ctx.session.keyId ? h('span', { class: 'hint' }, 'in use here') : revoke(k)) },
      ],
      list.items,
      'API keys',
      'No keys.',
    ),
    portalLinkPanel(),
  );
}
