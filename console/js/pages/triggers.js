// Inbound triggers: list, create (action, JSON Schema, verification), the URL shown once
// with copy, rotate URL, and the received events with their body, result and Replay.
import { api, query } from '../api.js';
import { catalog } from '../catalog.js';
import { act, badge, errorBox, h, pretty, replace, secretBox, table, time, toast, when } from '../dom.js';

export async function render(ctx) {
  if (ctx.id) return renderOne(ctx);
  const { view } = ctx;
  const list = await api('GET', `/triggers${query({ limit: 100 })}`);
  const slot = h('div');
  const newButton = h('button', { type: 'button', 'aria-expanded': 'false' }, 'New trigger');
  newButton.addEventListener('click', async () => {
    if (slot.firstChild) return (slot.replaceChildren(), newButton.setAttribute('aria-expanded', 'false'));
    newButton.setAttribute('aria-expanded', 'true');
    slot.append(
      await triggerForm((t) => {
        replace(
          slot,
          secretBox('Trigger URL', t.url, 'Shown once: post to it from the sending system. Rotate it to get a new one.'),
          t.secret ? secretBox('Verification secret', t.secret, 'Shown once: the sender signs with it (Standard Webhooks).') : null,
          h('p', null, h('a', { href: `#/triggers/${t.id}` }, `Open ${t.name}`)),
        );
        toast('Trigger created');
      }),
    );
    slot.querySelector('input')?.focus();
  });
  replace(
    view,
    h('div', { class: 'spread' }, h('h1', null, 'Triggers'), newButton),
    slot,
    table(
      [
        { label: 'Name', cell: (t) => h('a', { href: `#/triggers/${t.id}` }, t.name) },
        { label: 'Action', cell: (t) => t.action },
        { label: 'Verification', narrow: true, cell: (t) => t.verification?.type ?? 'none' },
        { label: 'State', cell: (t) => (t.enabled ? badge('enabled') : badge('disabled')) },
        { label: 'Created', narrow: true, cell: (t) => time(t.createdAt) },
      ],
      list.items,
      'Triggers',
      'No triggers yet. Create one to receive events from another system.',
    ),
  );
}

/** @param {string} text @param {string} what */
function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${/** @type {Error} */ (err).message}`);
  }
}

function field(id, label, input, hint) {
  return h('div', { 'data-field': id }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

const val = (el) => /** @type {HTMLInputElement} */ (el).value.trim();

/** The rows.upsert settings: table, match columns and the mapping. */
function upsertPart() {
  const tableId = h('input', { id: 'trigger-table', type: 'text' });
  const matchColumns = h('input', { id: 'trigger-match', type: 'text', placeholder: 'email' });
  const mapping = h('textarea', { id: 'trigger-mapping', placeholder: '{ "email": "/email" }' });
  return {
    fieldset: h(
      'fieldset',
      null,
      h('legend', null, 'Rows to upsert'),
      field('trigger-table', 'Table id', tableId),
      field('trigger-match', 'Match columns', matchColumns, 'Comma-separated column slugs.'),
      field('trigger-mapping', 'Mapping (JSON)', mapping, 'Column slug → JSON pointer into the body.'),
    ),
    apply(body) {
      body.tableId = val(tableId);
      body.matchColumns = val(matchColumns)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (val(mapping)) body.mapping = parseJson(val(mapping), 'The mapping');
    },
  };
}

/** Sender verification: none, Standard Webhooks (a generated secret) or an HMAC header. */
function verificationPart() {
  const select = h(
    'select',
    { id: 'trigger-verification', value: 'standard-webhooks' },
    h('option', { value: 'none' }, 'None'),
    h('option', { value: 'standard-webhooks' }, 'Standard Webhooks (generated secret)'),
    h('option', { value: 'hmac' }, 'HMAC signature header'),
  );
  const header = h('input', { id: 'hmac-header', type: 'text', placeholder: 'X-Signature' });
  const algorithm = h('select', { id: 'hmac-algorithm' }, h('option', { value: 'sha256' }, 'sha256'), h('option', { value: 'sha1' }, 'sha1'));
  const encoding = h('select', { id: 'hmac-encoding' }, h('option', { value: 'hex' }, 'hex'), h('option', { value: 'base64' }, 'base64'));
  const prefix = h('input', { id: 'hmac-prefix', type: 'text', placeholder: 'sha256=' });
  const secret = h('input', { id: 'hmac-secret', type: 'password', autocomplete: 'off' });
  return {
    select,
    fieldset: h(
      'fieldset',
      null,
      h('legend', null, 'HMAC'),
      field('hmac-header', 'Header', header),
      field('hmac-algorithm', 'Algorithm', algorithm),
      field('hmac-encoding', 'Encoding', encoding),
      field('hmac-prefix', 'Prefix', prefix),
      field('hmac-secret', 'Secret', secret),
    ),
    value() {
      if (val(select) === 'standard-webhooks') return { type: 'standard-webhooks' };
      if (val(select) === 'hmac')
        return {
          type: 'hmac',
          header: val(header),
          algorithm: val(algorithm),
          encoding: val(encoding),
          secret: val(secret),
          ...(val(prefix) ? { prefix: val(prefix) } : {}),
        };
      return undefined;
    },
  };
}

/** A JSON Schema textarea that says, as you type, whether it holds a JSON object. */
function schemaPart() {
  const input = h('textarea', {
    id: 'trigger-schema',
    'aria-describedby': 'trigger-schema-hint trigger-schema-check',
    placeholder: '{ "type": "object", "required": ["email"] }',
  });
  const check = h('p', { id: 'trigger-schema-check', class: 'hint', 'aria-live': 'polite' });
  input.addEventListener('input', () => {
    const text = val(input);
    if (!text) return (check.textContent = '');
    try {
      const parsed = JSON.parse(text);
      check.textContent = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? 'Valid JSON object.' : 'A JSON Schema is an object.';
    } catch (err) {
      check.textContent = `Not valid JSON yet: ${/** @type {Error} */ (err).message}`;
    }
  });
  return { input, check };
}

async function triggerForm(done) {
  const { triggerActions } = await catalog();
  const name = h('input', { id: 'trigger-name', type: 'text', required: true, maxlength: 200 });
  const action = h(
    'select',
    { id: 'trigger-action', value: 'event' },
    triggerActions.map((a) => h('option', { value: a }, a)),
  );
  const upsert = upsertPart();
  const schema = schemaPart();
  const verification = verificationPart();
  const sync = () => {
    upsert.fieldset.hidden = val(action) !== 'rows.upsert';
    verification.fieldset.hidden = val(verification.select) !== 'hmac';
  };
  action.addEventListener('change', sync);
  verification.select.addEventListener('change', sync);
  sync();
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Create trigger');
  const form = h(
    'form',
    { class: 'panel', 'aria-label': 'New trigger' },
    field('trigger-name', 'Name', name),
    field('trigger-action', 'Action', action),
    upsert.fieldset,
    field('trigger-schema', 'JSON Schema of the body (optional)', schema.input, 'Bodies that do not match are refused with 422 and the reasons.'),
    schema.check,
    field('trigger-verification', 'Sender verification', verification.select),
    verification.fieldset,
    h('div', { class: 'row' }, submit),
    out,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    /** @type {Record<string, any>} */
    const body = { name: val(name), action: val(action) };
    try {
      if (val(schema.input)) body.schema = parseJson(val(schema.input), 'The JSON Schema');
      if (body.action === 'rows.upsert') upsert.apply(body);
      const v = verification.value();
      if (v) body.verification = v;
    } catch (err) {
      return replace(out, errorBox(err));
    }
    const created = await act(submit, out, () => api('POST', '/triggers', body));
    if (created) done(created);
  });
  return form;
}

/** Renames a trigger and edits its JSON Schema (empty removes it). */
function editForm(t, done) {
  const name = h('input', { id: 'trigger-name', type: 'text', required: true, maxlength: 200, value: t.name });
  const schema = schemaPart();
  /** @type {HTMLTextAreaElement} */ (schema.input).value = t.schema ? pretty(t.schema) : '';
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Save trigger');
  const form = h(
    'form',
    { class: 'panel', 'aria-label': 'Edit trigger' },
    field('trigger-name', 'Name', name),
    field('trigger-schema', 'JSON Schema of the body', schema.input, 'Empty: any JSON body is accepted. Applies to posts from now on.'),
    schema.check,
    h('div', { class: 'row' }, submit),
    out,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    let body;
    try {
      body = { name: val(name), schema: val(schema.input) ? parseJson(val(schema.input), 'The JSON Schema') : null };
    } catch (err) {
      return replace(out, errorBox(err));
    }
    const saved = await act(submit, out, () => api('PATCH', `/triggers/${t.id}`, body));
    if (saved) done(saved);
  });
  return form;
}

function eventRow(ctx, trigger, ev, out) {
  const replay = h('button', { type: 'button', class: 'ghost' }, 'Replay');
  replay.addEventListener('click', async () => {
    const r = await act(replay, out, () => api('POST', `/triggers/${trigger.id}/events/${ev.id}/replay`, {}));
    if (r) {
      toast('Event queued again');
      setTimeout(() => ctx.alive() && render(ctx).catch(() => undefined), 600);
    }
  });
  let body = ev.rawBody;
  try {
    body = pretty(JSON.parse(ev.rawBody));
  } catch {
    // Not JSON: shown as received.
  }
  return h(
    'li',
    { class: 'panel', 'data-event': ev.id },
    h(
      'div',
      { class: 'spread' },
      h(
        'div',
        { class: 'row' },
        badge(ev.status),
        h('span', null, when(ev.receivedAt)),
        ev.replayCount ? h('span', { class: 'hint' }, `replayed ${ev.replayCount}×`) : null,
      ),
      replay,
    ),
    ev.lastError || ev.failureReason ? h('p', null, ev.failureReason ?? ev.lastError) : null,
    h('details', null, h('summary', null, 'Body'), h('pre', null, body)),
    ev.result ? h('details', null, h('summary', null, 'Result of the action'), h('pre', null, pretty(ev.result))) : null,
  );
}

async function renderOne(ctx) {
  const { view, id, query: q } = ctx;
  const status = q.get('status') ?? '';
  const [t, events] = await Promise.all([
    api('GET', `/triggers/${encodeURIComponent(id)}`),
    api('GET', `/triggers/${encodeURIComponent(id)}/events${query({ limit: 25, status })}`),
  ]);
  const out = h('div', { 'aria-live': 'polite' });
  const button = (label, cls, fn) => {
    const b = h('button', { type: 'button', class: cls }, label);
    b.addEventListener('click', () => act(b, out, fn));
    return b;
  };
  const editSlot = h('div');
  const filter = h(
    'select',
    { id: 'event-status', value: status },
    h('option', { value: '' }, 'Any'),
    ['received', 'processed', 'failed', 'duplicate'].map((s) => h('option', { value: s }, s)),
  );
  filter.addEventListener('change', () => ctx.go(`#/triggers/${t.id}${query({ status: /** @type {HTMLSelectElement} */ (filter).value })}`));
  replace(
    view,
    h('p', null, h('a', { href: '#/triggers' }, '← Triggers')),
    h('h1', null, t.name),
    h(
      'div',
      { class: 'row', role: 'group', 'aria-label': 'Trigger actions' },
      button('Rotate URL', 'ghost', async () => {
        if (!confirm('Rotate the URL? The old one keeps working for a day.')) return;
        const r = await api('POST', `/triggers/${t.id}/rotate-url`, {});
        replace(
          out,
          secretBox(
            'New trigger URL',
            r.url,
            r.previousUrlExpiresAt ? `Shown once. The previous URL works until ${new Date(r.previousUrlExpiresAt).toLocaleString()}.` : 'Shown once.',
          ),
        );
      }),
      button('Edit', 'ghost', async () => {
        replace(
          editSlot,
          editForm(t, () => (toast('Trigger saved'), render(ctx).catch((err) => replace(view, errorBox(err))))),
        );
        editSlot.querySelector('input')?.focus();
      }),
      button(t.enabled ? 'Disable' : 'Enable', 'ghost', async () => {
        await api('PATCH', `/triggers/${t.id}`, { enabled: !t.enabled });
        render(ctx).catch((err) => replace(view, errorBox(err)));
      }),
      button('Delete', 'danger', async () => {
        if (!confirm(`Delete the trigger ${t.name}? Its URL stops working.`)) return;
        await api('DELETE', `/triggers/${t.id}`);
        ctx.go('#/triggers');
      }),
    ),
    out,
    editSlot,
    h(
      'dl',
      { class: 'props panel' },
      h('dt', null, 'Action'),
      h('dd', null, t.action),
      h('dt', null, 'State'),
      h('dd', null, t.enabled ? badge('enabled') : badge('disabled')),
      h('dt', null, 'Verification'),
      h('dd', null, t.verification?.type ?? 'none'),
      h('dt', null, 'URL'),
      h('dd', null, 'Shown once, when created or rotated.'),
      h('dt', null, 'Id'),
      h('dd', null, h('code', null, t.id)),
    ),
    t.schema ? h('details', null, h('summary', null, 'JSON Schema'), h('pre', null, pretty(t.schema))) : null,
    h('div', { class: 'spread' }, h('h2', null, 'Received events'), h('div', { class: 'row' }, h('label', { for: 'event-status' }, 'Status'), filter)),
    events.items.length
      ? h(
          'ol',
          { class: 'plain', 'aria-label': 'Received events' },
          events.items.map((ev) => eventRow(ctx, t, ev, out)),
        )
      : h('p', { class: 'empty' }, status ? 'No received event with this status.' : 'Nothing received yet. POST to the trigger URL to see it here.'),
  );
}
