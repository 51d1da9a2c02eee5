// Stored requests keep their raw bytes only; the parsed form is derived on demand, the
// same way read-body derives it for the live request.

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
