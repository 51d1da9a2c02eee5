// Turns OpenAPI fragments into escaped HTML for the served reference. Everything that
// comes from the spec goes through `esc` (or `prose`, which escapes first), so the page
// carries no markup the spec did not mean and needs no script.

export const esc = (s: unknown): string =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Escaped text with the two inline marks the spec's prose uses: `code` and **bold**. */
export function prose(text: unknown): string {
  if (text === undefined || text === null || text === '') return '';
  const html = esc(String(text).trim())
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  return `<div class="prose">${html}</div>`;
}

export const anchor = (kind: string, name: string) => `${kind}-${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;

type Schema = Record<string, any>;

function refName(ref: string): string {
  return ref.split('/').pop() as string;
}

/** A one-line summary of a schema's type: `string (uuid)`, `array of Row`, a link for a `$ref`. */
export function typeLabel(schema: Schema | undefined): string {
  if (!schema || typeof schema !== 'object') return 'any';
  if (schema.$ref) return `<a href="#${anchor('schema', refName(schema.$ref))}">${esc(refName(schema.$ref))}</a>`;
  if (schema.const !== undefined) return `<code>${esc(JSON.stringify(schema.const))}</code>`;
  for (const key of ['oneOf', 'anyOf']) if (Array.isArray(schema[key])) return schema[key].map(typeLabel).join(' | ');
  if (Array.isArray(schema.allOf)) return schema.allOf.map(typeLabel).join(' &amp; ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const parts = types.map((t: string) => {
    if (t === 'array') return `array of ${typeLabel(schema.items)}`;
    return esc(t);
  });
  let label = parts.length ? parts.join(' | ') : schema.properties ? 'object' : 'any';
  if (schema.format) label += ` (${esc(schema.format)})`;
  if (Array.isArray(schema.enum)) label += `: ${schema.enum.map((v: unknown) => `<code>${esc(JSON.stringify(v))}</code>`).join(', ')}`;
  return label;
}

function constraints(schema: Schema): string {
  const out: string[] = [];
  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'default']) {
    if (schema[key] !== undefined) out.push(`${key} <code>${esc(JSON.stringify(schema[key]))}</code>`);
  }
  return out.length ? `<span class="muted"> ${out.join(', ')}</span>` : '';
}

/**
 * A schema as nested property lists. References are links, not expanded, so cycles end
 * and each named schema is described once (in the Schemas section).
 */
export function schemaHtml(schema: Schema | undefined, depth = 0): string {
  if (!schema || typeof schema !== 'object') return '';
  const head = `<div class="type">${typeLabel(schema)}${constraints(schema)}</div>${depth === 0 ? prose(schema.description) : ''}`;
  if (schema.$ref || depth > 6) return head;
  const parts: string[] = [head];
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    if (Array.isArray(schema[key]) && schema[key].some((s: Schema) => !s.$ref)) {
      parts.push(`<ul class="variants">${schema[key].map((s: Schema) => `<li>${schemaHtml(s, depth + 1)}</li>`).join('')}</ul>`);
    }
  }
  if (schema.properties) {
    const required = new Set<string>(schema.required ?? []);
    const rows = Object.entries(schema.properties as Record<string, Schema>).map(
      ([name, prop]) =>
        `<li><code class="prop">${esc(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''} ${schemaHtml(prop, depth + 1)}${depth >= 0 ? prose(prop.description) : ''}</li>`,
    );
    parts.push(`<ul class="props">${rows.join('')}</ul>`);
  }
  if (schema.items && !schema.items.$ref && (schema.items.properties || schema.items.allOf)) parts.push(schemaHtml(schema.items, depth + 1));
  return parts.join('');
}
