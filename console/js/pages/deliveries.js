// Deliveries: the filtered, paged log and one delivery's attempt timeline, payload and Redeliver.
import { api, query } from '../api.js';
import { catalog } from '../catalog.js';
import { act, badge, copyButton, h, pretty, replace, table, time, toast, when } from '../dom.js';

const WINDOWS = { '15m': 900, '1h': 3600, '24h': 86400, '7d': 604800 };
const STATUSES = ['pending', 'delivered', 'failed', 'dropped'];

export async function render(ctx) {
  if (ctx.id) return renderOne(ctx);
  const { view, query: q } = ctx;
  const filters = { status: q.get('status') ?? '', eventType: q.get('eventType') ?? '', endpointId: q.get('endpointId') ?? '', window: q.get('window') ?? '' };
  const seconds = /** @type {any} */ (WINDOWS)[filters.window];
  const [page, endpoints, cat] = await Promise.all([
    api(
      'GET',
      `/webhooks/deliveries${query({ limit: 25, status: filters.status, eventType: filters.eventType, endpointId: filters.endpointId, createdAfter: seconds ? new Date(Date.now() - seconds * 1000).toISOString() : undefined, cursor: q.get('cursor') })}`,
    ),
    api('GET', `/webhooks${query({ limit: 100 })}`),
    catalog(),
  ]);
  const byId = new Map(endpoints.items.map((e) => [e.id, e]));
  const select = (id, label, value, options) =>
    h(
      'div',
      null,
      h('label', { for: id }, label),
      h(
        'select',
        { id, name: id, value },
        h('option', { value: '' }, 'Any'),
        options.map(([v, text]) => h('option', { value: v }, text)),
      ),
    );
  const form = h(
    'form',
    { class: 'filters panel', 'aria-label': 'Filter deliveries' },
    select(
      'status',
      'Status',
      filters.status,
      STATUSES.map((s) => [s, s]),
    ),
    select(
      'eventType',
      'Event type',
      filters.eventType,
      cat.eventTypes.map((t) => [t, t]),
    ),
    select(
      'endpointId',
      'Endpoint',
      filters.endpointId,
      endpoints.items.map((e) => [e.id, e.name || e.url]),
    ),
    select(
      'window',
      'Created in the last',
      filters.window,
      Object.keys(WINDOWS).map((w) => [w, w]),
    ),
    h('button', { type: 'submit' }, 'Apply'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(/** @type {HTMLFormElement} */ (form));
    ctx.go(`#/deliveries${query(Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)])))}`);
  });
  const pageParams = { ...filters };
  replace(
    view,
    h('h1', null, 'Deliveries'),
    form,
    table(
      [
        { label: 'Created', cell: (d) => h('a', { href: `#/deliveries/${d.id}` }, time(d.createdAt)) },
        { label: 'Event', cell: (d) => d.eventType },
        {
          label: 'Endpoint',
          narrow: true,
          cell: (d) => {
            const e = byId.get(d.endpointId);
            return h('a', { href: `#/endpoints/${d.endpointId}` }, e ? e.name || e.url : d.endpointId);
          },
        },
        {
          label: 'Status',
          cell: (d) => h('span', null, badge(d.status), d.status === 'pending' && d.attempts > 0 ? h('span', { class: 'hint' }, ' retrying') : null),
        },
        { label: 'Attempts', cell: (d) => String(d.attempts) },
        { label: 'Response', narrow: true, cell: (d) => d.responseStatus ?? d.lastResponseStatus ?? d.lastError ?? '—' },
        { label: 'Latency', narrow: true, cell: (d) => (d.latencyMs === null || d.latencyMs === undefined ? '—' : `${Math.round(d.latencyMs)} ms`) },
      ],
      page.items,
      'Deliveries',
      filters.status || filters.eventType || filters.endpointId || filters.window ? 'No delivery matches these filters.' : 'No deliveries yet.',
    ),
    h(
      'div',
      { class: 'row pager' },
      q.get('cursor') ? h('a', { class: 'button ghost', href: `#/deliveries${query(pageParams)}` }, 'First page') : null,
      page.nextCursor ? h('a', { class: 'button ghost', href: `#/deliveries${query({ ...pageParams, cursor: page.nextCursor })}` }, 'Next page') : null,
    ),
  );
}

function attemptItem(a) {
  const ok = a.outcome === 'delivered';
  return h(
    'li',
    { class: ok ? 'ok' : 'bad', 'data-outcome': a.outcome },
    h(
      'div',
      { class: 'row' },
      h('strong', null, `Attempt ${a.attempt}`),
      badge(ok ? 'delivered' : a.outcome === 'retry' ? 'retrying' : a.outcome, a.outcome),
      h('span', { class: 'muted' }, when(a.at)),
    ),
    h('div', null, a.responseStatus ? `HTTP ${a.responseStatus}` : 'no response', ` · ${Math.round(a.latencyMs)} ms`, a.error ? ` · ${a.error}` : ''),
    a.nextAttemptAt ? h('div', { class: 'hint' }, 'Next attempt ', time(a.nextAttemptAt)) : null,
    a.responseBody ? h('details', null, h('summary', null, 'Response excerpt'), h('pre', null, a.responseBody)) : null,
  );
}

async function renderOne(ctx) {
  const { view, id } = ctx;
  const d = await api('GET', `/webhooks/deliveries/${encodeURIComponent(id)}`);
  // The endpoint may be gone since (its deliveries stay readable): then its id is shown.
  const endpoint = await api('GET', `/webhooks/${d.endpointId}`).catch(() => null);
  const out = h('div', { 'aria-live': 'polite' });
  const redeliver = h('button', { type: 'button' }, 'Redeliver');
  redeliver.addEventListener('click', async () => {
    const r = await act(redeliver, out, () => api('POST', `/webhooks/deliveries/${d.id}/redeliver`, {}));
    if (r) {
      toast('Delivery queued again');
      if (r.id !== d.id) ctx.go(`#/deliveries/${r.id}`);
      else schedule(ctx, 500);
    }
  });
  const payload = pretty(d.payload);
  replace(
    view,
    h('p', null, h('a', { href: `#/deliveries?endpointId=${d.endpointId}` }, '← Deliveries of this endpoint')),
    h('h1', null, `Delivery of ${d.eventType}`),
    h(
      'div',
      { class: 'row' },
      badge(d.status),
      d.status === 'pending' && d.nextAttemptAt ? h('span', { class: 'muted' }, 'next attempt ', time(d.nextAttemptAt)) : null,
      redeliver,
    ),
    out,
    h(
      'dl',
      { class: 'props panel' },
      h('dt', null, 'Endpoint'),
      h('dd', null, endpoint ? h('a', { href: `#/endpoints/${d.endpointId}` }, endpoint.name || endpoint.url) : h('code', null, d.endpointId)),
      h('dt', null, 'Created'),
      h('dd', null, when(d.createdAt)),
      h('dt', null, 'Delivered'),
      h('dd', null, when(d.deliveredAt)),
      h('dt', null, 'Attempts'),
      h('dd', null, String(d.attemptCount ?? d.attempts.length)),
      h('dt', null, 'Last error'),
      h('dd', null, d.lastError ?? '—'),
      h('dt', null, 'Id'),
      h('dd', null, h('code', null, d.id)),
    ),
    h('h2', null, 'Attempts'),
    d.attempts.length
      ? h('ol', { class: 'timeline', 'aria-label': 'Attempt timeline' }, d.attempts.map(attemptItem))
      : h('p', { class: 'empty' }, 'No attempt yet: the first one is on its way.'),
    h('div', { class: 'spread' }, h('h2', null, 'Payload'), copyButton(payload, 'Copy payload')),
    h('pre', { tabindex: '0', 'aria-label': 'Payload' }, payload),
  );
  if (d.status === 'pending') schedule(ctx, 1500);
}

/** Re-reads a pending delivery until it settles (or the page is left). */
function schedule(ctx, ms) {
  const timer = setTimeout(() => ctx.alive() && renderOne(ctx).catch(() => undefined), ms);
  ctx.onLeave(() => clearTimeout(timer));
}
