// Overview: delivery attempts per bucket by outcome and p50/p99 latency (uPlot, bundled),
// the backlog, and the endpoints failing now; refreshed every 10 s while on screen.
import { api, query } from '../api.js';
import { badge, h, replace, time } from '../dom.js';

/** Seconds between refreshes: `#/overview?refresh=N` (2 to 300), 10 by default. */
const refreshMs = (q) => Math.min(300, Math.max(2, Number(q.get('refresh')) || 10)) * 1000;

/** uPlot, loaded on first use (the sign-in page does not pay for it). */
let uplotLoading;
function loadUplot() {
  uplotLoading ??= new Promise((resolve, reject) => {
    document.head.append(h('link', { rel: 'stylesheet', href: 'vendor/uplot.min.css' }));
    const script = h('script', { src: 'vendor/uplot.min.js' });
    script.addEventListener('load', () => resolve(/** @type {any} */ (window).uPlot));
    script.addEventListener('error', () => reject(new Error('The chart library could not be loaded')));
    document.head.append(script);
  });
  return uplotLoading;
}

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function chart(uPlot, el, title, series, data, unit) {
  el.replaceChildren();
  const fg = css('--fg');
  const grid = css('--border');
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
  const width = Math.max(280, el.clientWidth - 16);
  return new uPlot(
    {
      title,
      width,
      height: 220,
      scales: { x: { time: true } },
      axes: [axis, { ...axis, label: unit, labelFont: '12px system-ui', font: '12px system-ui' }],
      legend: { show: true },
      series: [
        {},
        ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: s.points ?? false, size: 5 }, spanGaps: s.spanGaps ?? false })),
      ],
    },
    data,
    el,
  );
}

const card = (label, value, note) =>
  h('div', { class: 'card' }, h('div', { class: 'muted' }, label), h('div', { class: 'n' }, value), note ? h('div', { class: 'hint' }, note) : null);
const ms = (v) => (v === null || v === undefined ? '—' : `${Math.round(v)} ms`);

/** Undoes the previous render's listeners and timer (each refresh renders afresh). */
let dispose = () => {};

export async function render(ctx) {
  dispose();
  const { view, query: q } = ctx;
  const span = q.get('window') === '24h' ? '24h' : '1h';
  const [stats, endpoints, uPlot] = await Promise.all([
    api('GET', `/webhooks/delivery-stats${query({ window: span })}`),
    api('GET', `/webhooks${query({ limit: 100 })}`),
    loadUplot(),
  ]);
  const failing = endpoints.items.filter((e) => e.consecutiveFailures > 0 || !e.enabled);
  const t = stats.totals;
  const counts = h('div', {
    class: 'chart',
    role: 'img',
    'aria-label': `Attempts per ${stats.bucketSeconds / 60} minutes: ${t.delivered} delivered, ${t.retry} retried, ${t.failed} failed, ${t.dropped} dropped`,
  });
  const latency = h('div', { class: 'chart', role: 'img', 'aria-label': `Attempt latency: p50 ${ms(t.p50LatencyMs)}, p99 ${ms(t.p99LatencyMs)}` });
  const windowLink = (w, label) =>
    h(
      'a',
      {
        class: w === span ? 'button' : 'button ghost',
        href: `#/overview${query({ window: w, refresh: q.get('refresh') })}`,
        'aria-current': w === span ? 'true' : null,
      },
      label,
    );
  replace(
    view,
    h(
      'div',
      { class: 'spread' },
      h('h1', null, 'Overview'),
      h('div', { class: 'row', role: 'group', 'aria-label': 'Time window' }, windowLink('1h', 'Last hour'), windowLink('24h', 'Last day')),
    ),
    h(
      'div',
      { class: 'cards' },
      card('Attempts', String(t.attempts), `since ${new Date(stats.since).toLocaleTimeString()}`),
      card('Delivered', String(t.delivered)),
      card('Retried', String(t.retry)),
      card('Failed or dropped', String(t.failed + t.dropped)),
      card('Latency p50', ms(t.p50LatencyMs)),
      card('Latency p99', ms(t.p99LatencyMs)),
      card('Pending', String(stats.pending), `${stats.retrying} retrying`),
    ),
    stats.sampled ? h('p', { class: 'hint' }, 'Busy window: figures from the newest 20,000 deliveries.') : null,
    counts,
    latency,
    h('h2', null, 'Endpoints failing now'),
    failing.length
      ? h(
          'ul',
          null,
          failing.map((e) =>
            h(
              'li',
              null,
              h('a', { href: `#/endpoints/${e.id}` }, e.name || e.url),
              ' ',
              e.enabled ? badge('failed', `${e.consecutiveFailures} failing in a row`) : badge('disabled'),
              e.lastDeliveryAt ? h('span', { class: 'hint' }, ' last ', time(e.lastDeliveryAt)) : null,
            ),
          ),
        )
      : h('p', { class: 'empty' }, 'None: every endpoint’s last delivery went through.'),
  );
  const x = stats.buckets.map((b) => new Date(b.start).getTime() / 1000);
  const draw = () => {
    const per = stats.bucketSeconds === 60 ? 'minute' : `${stats.bucketSeconds / 60} minutes`;
    chart(
      uPlot,
      counts,
      `Attempts per ${per}`,
      [
        { label: 'delivered', color: css('--ok') },
        { label: 'retried', color: css('--warn') },
        { label: 'failed', color: css('--bad') },
        { label: 'dropped', color: css('--muted') },
      ],
      [x, stats.buckets.map((b) => b.delivered), stats.buckets.map((b) => b.retry), stats.buckets.map((b) => b.failed), stats.buckets.map((b) => b.dropped)],
      'attempts',
    );
    chart(
      uPlot,
      latency,
      'Attempt latency',
      [
        { label: 'p50', color: css('--accent'), spanGaps: true, points: true },
        { label: 'p99', color: css('--bad'), spanGaps: true, points: true },
      ],
      [x, stats.buckets.map((b) => b.p50LatencyMs), stats.buckets.map((b) => b.p99LatencyMs)],
      'ms',
    );
  };
  draw();
  globalThis.addEventListener('og-theme', draw);
  globalThis.addEventListener('resize', draw);
  const timer = setTimeout(() => ctx.alive() && render(ctx).catch(() => undefined), refreshMs(q));
  dispose = () => {
    clearTimeout(timer);
    globalThis.removeEventListener('og-theme', draw);
    globalThis.removeEventListener('resize', draw);
  };
  ctx.onLeave(() => dispose());
}
