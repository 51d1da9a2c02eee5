// Stored requests keep their raw bytes only; the parsed form is derived on demand, the
// same way read-body derives it for the live request.

import { invalidUtf8Offset } from '../domain/shared/well-formed-text.ts';

const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json$/i;
export const FORM_TYPE = 'application/x-www-form-urlencoded';

export function parseForm(raw: Buffer): Record<string, string | string[]> {
  const fields = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
    const prev = fields.get(key);
    fields.set(key, prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]);
  }
  // fromEntries defines own properties, so a `__proto__` field stays a plain field.
  return Object.fromEntries(fields);
}

// The bytes a form component percent-decodes to (`+` is a space); a `%` not followed by
// two hex digits stays as it is, the way URLSearchParams reads it.
function percentDecoded(component: string): Buffer {
  const plain = Buffer.from(component.replace(/\+/g, ' '), 'utf8');
  const out: number[] = [];
  for (let i = 0; i < plain.length; i++) {
    const hex = plain[i] === 0x25 ? plain.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else out.push(plain[i]);
  }
  return Buffer.from(out);
}

/**
 * The first form field whose name or value percent-decodes to invalid UTF-8 (which
 * URLSearchParams would silently turn into U+FFFD), as a JSON pointer, or null.
 * The raw bytes themselves are checked by the caller.
 */
export function illFormedFormField(raw: Buffer): string | null {
  for (const pair of raw.toString('utf8').split('&')) {
    const eq = pair.indexOf('=');
    const [name, value] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const nameBytes = percentDecoded(name);
    if (invalidUtf8Offset(nameBytes) !== -1 || invalidUtf8Offset(percentDecoded(value)) !== -1) {
      const shown = nameBytes.toString('utf8').replace(/~/g, '~0').replace(/\//g, '~1');
      return `/${shown}`;
    }
  }
  return null;
}

/** The parsed body of a stored request (null when it is empty or no longer parses). */
export function parseBody(contentType: string, raw: Buffer): unknown {
  if (raw.length === 0) return null;
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === FORM_TYPE) return parseForm(raw);
  if (!JSON_TYPES.test(type)) return null;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
}

/** RFC 6901 JSON pointer lookup; undefined when the path does not exist. */
export function getPointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  if (!pointer.startsWith('/')) return undefined;
  let node: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export const isPointer = (p: unknown): p is string => typeof p === 'string' && (p === '' || p.startsWith('/'));
