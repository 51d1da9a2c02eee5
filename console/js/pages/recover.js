// Recover: re-sends an endpoint's failed deliveries of a time window, with live progress.
import { api } from '../api.js';
import { act, badge, h, replace } from '../dom.js';

/** `datetime-local` value for a Date, in local time. */
const localValue = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

export function recoverPanel(ctx, endpoint) {
  const since = h('input', { id: 'recover-since', type: 'datetime-local', required: true, value: localValue(new Date(Date.now() - 3_600_000)) });
  const until = h('input', { id: 'recover-until', type: 'datetime-local' });
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Recover');
  const form = h(
    'form',
    { class: 'panel', 'aria-labelledby': 'recover-title' },
    h('h2', { id: 'recover-title' }, 'Recover failed deliveries'),
    h('p', { class: 'hint' }, 'Sends again every delivery to this endpoint that failed or was dropped in the window.'),
    h(
      'div',
      { class: 'filters' },
      h('div', null, h('label', { for: 'recover-since' }, 'Since'), since),
      h('div', null, h('label', { for: 'recover-until' }, 'Until (optional)'), until),
      submit,
    ),
    out,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { since: new Date(since.value).toISOString(), ...(until.value ? { until: new Date(until.value).toISOString() } : {}) };
    const started = await act(submit, out, () => api('POST', `/webhooks/${endpoint.id}/recover`, body));
    if (started) follow(ctx, endpoint.id, started, out);
  });
  return form;
}

function progress(r) {
  return h(
    'p',
    { class: 'row', 'data-recovery': r.status },
    badge(r.status),
    `${r.processed} of ${r.total} deliveries re-sent`,
    r.status === 'completed' ? h('a', { href: `#/deliveries?endpointId=${r.endpointId}` }, 'See the deliveries') : null,
  );
}

function follow(ctx, endpointId, recovery, out) {
  replace(out, progress(recovery));
  if (recovery.status === 'completed') return;
  const timer = setInterval(async () => {
    if (!ctx.alive()) return clearInterval(timer);
    try {
      const r = await api('GET', `/webhooks/${endpointId}/recoveries/${recovery.id}`);
      replace(out, progress(r));
      if (r.status === 'completed') clearInterval(timer);
    } catch {
      // A failed poll is retried on the next tick.
    }
  }, 1000);
  ctx.onLeave(() => clearInterval(timer));
}
