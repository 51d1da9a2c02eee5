// Events: the organization's event log, newest first, and one event's envelope.
import { api, query } from '../api.js';
import { catalog } from '../catalog.js';
import { badge, copyButton, h, pretty, replace, table, time, when } from '../dom.js';

export async function render(ctx) {
  if (ctx.id) return renderOne(ctx);
  const { view, query: q } = ctx;
  const type = q.get('type') ?? '';
  const [page, cat] = await Promise.all([api('GET', `/events${query({ limit: 25, type, cursor: q.get('cursor') })}`), catalog()]);
  const select = h(
    'select',
    { id: 'event-type', name: 'type', value: type },
    h('option', { value: '' }, 'Any'),
    cat.subscriptions.filter((s) => s !== '*').map((s) => h('option', { value: s }, s)),
  );
  const form = h(
    'form',
    { class: 'filters panel', 'aria-label': 'Filter events' },
    h('div', null, h('label', { for: 'event-type' }, 'Type'), select),
    h('button', { type: 'submit' }, 'Apply'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.go(`#/events${query({ type: /** @type {HTMLSelectElement} */ (select).value })}`);
  });
  replace(
    view,
    h('h1', null, 'Events'),
    form,
    table(
      [
        { label: 'Time', cell: (e) => h('a', { href: `#/events/${e.id}` }, time(e.timestamp)) },
        { label: 'Type', cell: (e) => e.type },
        { label: 'Id', narrow: true, cell: (e) => h('code', null, e.id) },
      ],
      page.items,
      'Events',
      type ? 'No event of this type.' : 'No events yet.',
    ),
    h(
      'div',
      { class: 'row pager' },
      q.get('cursor') ? h('a', { class: 'button ghost', href: `#/events${query({ type })}` }, 'First page') : null,
      page.nextCursor ? h('a', { class: 'button ghost', href: `#/events${query({ type, cursor: page.nextCursor })}` }, 'Next page') : null,
    ),
  );
}

async function renderOne(ctx) {
  const { view, id } = ctx;
  const webhooks = ctx.session.areas.includes('webhooks');
  const [e, deliveries, endpoints] = await Promise.all([
    api('GET', `/events/${encodeURIComponent(id)}`),
    webhooks ? api('GET', `/webhooks/deliveries${query({ eventId: id, limit: 100 })}`) : null,
    webhooks ? api('GET', `/webhooks${query({ limit: 100 })}`) : null,
  ]);
  const byId = new Map((endpoints?.items ?? []).map((x) => [x.id, x]));
  const text = pretty(e);
  replace(
    view,
    h('p', null, h('a', { href: '#/events' }, '← Events')),
    h('h1', null, e.type),
    h('dl', { class: 'props panel' }, h('dt', null, 'Time'), h('dd', null, when(e.timestamp)), h('dt', null, 'Id'), h('dd', null, h('code', null, e.id))),
    deliveries ? h('h2', null, 'Delivered to') : null,
    deliveries
      ? table(
          [
            {
              label: 'Endpoint',
              cell: (d) => {
                const x = byId.get(d.endpointId);
                return h('a', { href: `#/endpoints/${d.endpointId}` }, x ? x.name || x.url : d.endpointId);
              },
            },
            { label: 'Status', cell: (d) => h('a', { href: `#/deliveries/${d.id}` }, badge(d.status)) },
            { label: 'Attempts', cell: (d) => String(d.attempts) },
            { label: 'Last response', narrow: true, cell: (d) => d.lastResponseStatus ?? d.lastError ?? '—' },
          ],
          deliveries.items,
          'Deliveries of this event',
          'No endpoint was subscribed to this event when it was recorded.',
        )
      : null,
    h('div', { class: 'spread' }, h('h2', null, 'Envelope'), copyButton(text, 'Copy envelope')),
    h('pre', { tabindex: '0', 'aria-label': 'Event envelope' }, text),
  );
}
