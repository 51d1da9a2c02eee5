// Webhook endpoints: the list with health, create and edit, and one endpoint's page
// (enable/disable, rotate secret, send a test, recent deliveries, recover a window).
import { api, query } from '../api.js';
import { catalog } from '../catalog.js';
import { act, badge, errorBox, h, replace, secretBox, table, time, toast } from '../dom.js';
import { recoverPanel } from './recover.js';

export async function render(ctx) {
  if (ctx.id) return renderOne(ctx);
  const { view } = ctx;
  const list = await api('GET', `/webhooks${query({ limit: 100 })}`);
  const formSlot = h('div');
  const newButton = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'endpoint-form' }, 'New endpoint');
  newButton.addEventListener('click', async () => {
    if (formSlot.firstChild) {
      formSlot.replaceChildren();
      newButton.setAttribute('aria-expanded', 'false');
      return;
    }
    newButton.setAttribute('aria-expanded', 'true');
    formSlot.append(
      await endpointForm(null, (created) => {
        replace(
          formSlot,
          secretBox('Signing secret', created.secret, 'Shown once: store it where the receiver verifies signatures.'),
          h('p', null, h('a', { href: `#/endpoints/${created.id}` }, `Open ${created.name || created.url}`)),
        );
        toast('Endpoint created');
      }),
    );
    formSlot.querySelector('input')?.focus();
  });
  replace(
    view,
    h('div', { class: 'spread' }, h('h1', null, 'Endpoints'), newButton),
    formSlot,
    table(
      [
        {
          label: 'Endpoint',
          cell: (e) => h('div', null, h('a', { href: `#/endpoints/${e.id}` }, e.name || e.url), e.name ? h('div', { class: 'hint' }, e.url) : null),
        },
        { label: 'Events', narrow: true, cell: (e) => (e.events.length ? e.events.join(', ') : 'all events') },
        {
          label: 'State',
          cell: (e) =>
            e.enabled ? badge('enabled') : h('div', null, badge('disabled'), e.disabledReason ? h('div', { class: 'hint' }, e.disabledReason) : null),
        },
        { label: 'Health', cell: health },
        {
          label: 'Last delivery',
          narrow: true,
          cell: (e) => (e.lastDeliveryAt ? h('span', null, e.lastDeliveryStatus ? badge(e.lastDeliveryStatus) : null, ' ', time(e.lastDeliveryAt)) : 'never'),
        },
      ],
      list.items,
      'Webhook endpoints',
      'No endpoints yet. Create one to receive the gateway’s events.',
    ),
  );
}

const secretText = (e) =>
  `…${e.secretLast4}${e.previousSecretExpiresAt ? ` (previous one valid until ${new Date(e.previousSecretExpiresAt).toLocaleString()})` : ''}`;

function health(e) {
  if (e.consecutiveFailures > 0) return h('span', null, badge('failed', `${e.consecutiveFailures} failing in a row`));
  return e.lastDeliveryStatus ? badge('delivered', 'healthy') : h('span', { class: 'muted' }, 'no deliveries yet');
}

/** Header lines `Name: value` ⇄ an object. */
const headersText = (headers) =>
  Object.entries(headers ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
function parseHeaders(text) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const i = line.indexOf(':');
    if (i <= 0) throw new Error(`“${line}” is not a header line (Name: value)`);
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

/** The create/edit form; `existing` null creates. */
async function endpointForm(existing, done) {
  const { subscriptions } = await catalog();
  const chosen = new Set(existing?.events ?? []);
  const prefix = existing ? 'edit' : 'new';
  const url = h('input', { id: `${prefix}-url`, type: 'url', required: true, value: existing?.url ?? '', placeholder: 'https://example.com/webhooks' });
  const name = h('input', { id: `${prefix}-name`, type: 'text', maxlength: 200, value: existing?.name ?? '' });
  const description = h('input', { id: `${prefix}-description`, type: 'text', maxlength: 500, value: existing?.description ?? '' });
  const headers = h('textarea', { id: `${prefix}-headers`, 'aria-describedby': `${prefix}-headers-hint` });
  headers.value = headersText(existing?.headers);
  const boxes = subscriptions.map((s) =>
    h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: 'events', value: s, checked: chosen.has(s) }), s),
  );
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, existing ? 'Save changes' : 'Create endpoint');
  const form = h(
    'form',
    { class: 'panel', id: 'endpoint-form', 'aria-label': existing ? 'Edit endpoint' : 'New endpoint' },
    h('label', { for: `${prefix}-url` }, 'URL'),
    url,
    h('label', { for: `${prefix}-name` }, 'Name'),
    name,
    h('label', { for: `${prefix}-description` }, 'Description'),
    description,
    h('fieldset', null, h('legend', null, 'Events'), h('p', { class: 'hint' }, 'None chosen means every event. Wildcards (*) cover a whole family.'), boxes),
    h('label', { for: `${prefix}-headers` }, 'Custom headers'),
    headers,
    h('p', { id: `${prefix}-headers-hint`, class: 'hint' }, 'One per line, Name: value. Sent with every delivery.'),
    h('div', { class: 'row' }, submit),
    out,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    let body;
    try {
      body = {
        url: url.value.trim(),
        name: name.value.trim() || null,
        description: description.value.trim() || null,
        events: boxes
          .map((b) => b.querySelector('input'))
          .filter((i) => i.checked)
          .map((i) => i.value),
        headers: parseHeaders(headers.value),
      };
    } catch (err) {
      return replace(out, errorBox(err));
    }
    const result = await act(submit, out, () => (existing ? api('PATCH', `/webhooks/${existing.id}`, body) : api('POST', '/webhooks', body)));
    if (result) done(result);
  });
  return form;
}

async function renderOne(ctx) {
  const { view, id } = ctx;
  const [e, recent] = await Promise.all([
    api('GET', `/webhooks/${encodeURIComponent(id)}`),
    api('GET', `/webhooks/${encodeURIComponent(id)}/deliveries${query({ limit: 50 })}`),
  ]);
  const parts = { out: h('div', { 'aria-live': 'polite' }), editSlot: h('div'), secretCell: h('dd', null, secretText(e)) };
  replace(
    view,
    h('p', null, h('a', { href: '#/endpoints' }, '← Endpoints')),
    h('h1', null, e.name || e.url),
    h('div', { class: 'row' }, e.enabled ? badge('enabled') : badge('disabled'), e.disabledReason ? h('span', { class: 'muted' }, e.disabledReason) : null),
    endpointActions(ctx, e, parts),
    parts.out,
    parts.editSlot,
    endpointProps(e, recent.items, parts.secretCell),
    h('div', { class: 'spread' }, h('h2', null, 'Recent deliveries'), h('a', { href: `#/deliveries?endpointId=${e.id}` }, 'All deliveries of this endpoint')),
    table(
      [
        { label: 'Created', cell: (d) => h('a', { href: `#/deliveries/${d.id}` }, time(d.createdAt)) },
        { label: 'Event', cell: (d) => d.eventType },
        { label: 'Status', cell: (d) => badge(d.status) },
        { label: 'Attempts', narrow: true, cell: (d) => String(d.attempts) },
        { label: 'Response', narrow: true, cell: (d) => (d.lastResponseStatus ? String(d.lastResponseStatus) : d.lastError ? d.lastError : '—') },
      ],
      recent.items.slice(0, 10),
      'Recent deliveries',
      'No deliveries yet. Send a test event to see one.',
    ),
    recoverPanel(ctx, e),
  );
}

/** Send test, enable/disable, rotate secret, edit, delete; errors land in `parts.out`. */
function endpointActions(ctx, e, { out, editSlot, secretCell }) {
  const reload = () => ctx.alive() && render(ctx).catch((err) => replace(ctx.view, errorBox(err)));
  const button = (label, cls, fn) => {
    const b = h('button', { type: 'button', class: cls }, label);
    b.addEventListener('click', () => act(b, out, fn));
    return b;
  };
  return h(
    'div',
    { class: 'row', role: 'group', 'aria-label': 'Endpoint actions' },
    button('Send test event', '', async () => {
      await api('POST', `/webhooks/${e.id}/test`, {});
      toast('Test event queued');
      setTimeout(reload, 800);
    }),
    button(e.enabled ? 'Disable' : 'Enable', 'ghost', async () => {
      await api('PATCH', `/webhooks/${e.id}`, { enabled: !e.enabled });
      toast(e.enabled ? 'Endpoint disabled' : 'Endpoint enabled');
      reload();
    }),
    button('Rotate secret', 'ghost', async () => {
      if (!confirm('Rotate the signing secret? The old one keeps working for a while.')) return;
      const r = await api('POST', `/webhooks/${e.id}/rotate-secret`, {});
      replace(
        out,
        secretBox(
          'New signing secret',
          r.secret,
          r.previousSecretExpiresAt
            ? `Shown once. The previous secret keeps signing until ${new Date(r.previousSecretExpiresAt).toLocaleString()}.`
            : 'Shown once.',
        ),
      );
      replace(secretCell, secretText({ ...e, secretLast4: r.secretLast4 ?? r.secret.slice(-4), previousSecretExpiresAt: r.previousSecretExpiresAt }));
    }),
    button('Edit', 'ghost', async () => {
      replace(editSlot, await endpointForm(e, () => (toast('Endpoint saved'), reload())));
      editSlot.querySelector('input')?.focus();
    }),
    button('Delete', 'danger', async () => {
      if (!confirm(`Delete the endpoint ${e.url}? Its pending deliveries are dropped.`)) return;
      await api('DELETE', `/webhooks/${e.id}`);
      toast('Endpoint deleted');
      ctx.go('#/endpoints');
    }),
  );
}

/** The endpoint's properties and health, the success rate from its recent deliveries. */
function endpointProps(e, recent, secretCell) {
  const finished = recent.filter((d) => d.status !== 'pending');
  const rate = finished.length ? Math.round((100 * finished.filter((d) => d.status === 'delivered').length) / finished.length) : null;
  return h(
    'dl',
    { class: 'props panel' },
    h('dt', null, 'URL'),
    h('dd', null, h('code', null, e.url)),
    h('dt', null, 'Events'),
    h('dd', null, e.events.length ? e.events.join(', ') : 'all events'),
    h('dt', null, 'Description'),
    h('dd', null, e.description || '—'),
    h('dt', null, 'Custom headers'),
    h('dd', null, Object.keys(e.headers ?? {}).length ? Object.keys(e.headers).join(', ') : 'none'),
    h('dt', null, 'Signing secret'),
    secretCell,
    h('dt', null, 'Success rate'),
    h('dd', null, rate === null ? 'no finished deliveries yet' : `${rate}% of the last ${finished.length} finished deliveries`),
    h('dt', null, 'Failing in a row'),
    h('dd', null, String(e.consecutiveFailures)),
    h('dt', null, 'Last delivery'),
    h('dd', null, e.lastDeliveryAt ? h('span', null, e.lastDeliveryStatus ? badge(e.lastDeliveryStatus) : null, ' ', time(e.lastDeliveryAt)) : 'never'),
    h('dt', null, 'Id'),
    h('dd', null, h('code', null, e.id)),
  );
}
