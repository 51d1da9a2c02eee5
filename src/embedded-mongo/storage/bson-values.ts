// Value helpers shared by indexes, sorting and upserts. They follow MongoDB's BSON
// comparison order (not JavaScript's) so index scans and sorts agree with a real mongod.
export type Doc = Record<string, unknown>;

interface BsonTagged {
  _bsontype?: string;
}

export function bsonType(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as BsonTagged)._bsontype : undefined;
}

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// Rank of each BSON type in MongoDB's cross-type sort order.
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 2;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
    default:
      break;
  }
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  if (Array.isArray(v)) return 6;
  switch (bsonType(v)) {
    case 'MinKey':
      return 1;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MaxKey':
      return 13;
    default:
      return 5;
  }
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return Number((v as { valueOf(): unknown }).valueOf?.() ?? (v as { toString(): string }).toString());
}

function cmp<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareValues(a: unknown, b: unknown): number {
  // Index keys are mostly strings (ids) and plain numbers: compare those without ranking.
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number' && a === a && b === b) return a < b ? -1 : a > b ? 1 : 0;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 2:
    case 1:
    case 13:
      return 0;
    case 3:
      return compareNumbers(a, b);
    case 4:
      return cmp(String(a), String(b));
    case 9:
      return cmp(Number(a), Number(b));
    case 10:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case 8:
      return cmp((a as { toHexString(): string }).toHexString(), (b as { toHexString(): string }).toHexString());
    case 6:
      return compareArrays(a as unknown[], b as unknown[]);
    case 5:
      return compareObjects(a as Doc, b as Doc);
    case 7:
      return compareBinary(a as { buffer: Uint8Array; sub_type: number }, b as { buffer: Uint8Array; sub_type: number });
    default:
      return cmp(encodeKey(a), encodeKey(b));
  }
}

function compareNumbers(a: unknown, b: unknown): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
  if (Number.isNaN(y)) return 1;
  return cmp(x, y);
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return cmp(a.length, b.length);
}

function compareObjects(a: Doc, b: Doc): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[ka[i]], b[kb[i]]) || cmp(ka[i], kb[i]);
    if (c !== 0) return c;
  }
  return cmp(ka.length, kb.length);
}

function compareBinary(a: { buffer: Uint8Array; sub_type: number }, b: { buffer: Uint8Array; sub_type: number }): number {
  if (a.buffer.length !== b.buffer.length) return cmp(a.buffer.length, b.buffer.length);
  if (a.sub_type !== b.sub_type) return cmp(a.sub_type, b.sub_type);
  return Buffer.compare(Buffer.from(a.buffer), Buffer.from(b.buffer));
}

// A string that is equal for two values exactly when MongoDB considers them equal
// (1 and 1.0 and Long(1) collide; null and missing collide), used as a Map key.
// Nested parts are length-prefixed: unambiguous, and linear in the value's size (quoting
// each level with JSON.stringify doubled the escapes per level, so 30 levels of nesting
// made a key of a billion characters).
const framed = (part: string) => `${part.length}:${part}`;

export function encodeKey(v: unknown): string {
  if (v === undefined || v === null) return 'z';
  switch (typeof v) {
    case 'number':
      return 'n' + String(v);
    case 'bigint':
      return 'n' + String(Number(v));
    case 'string':
      return 's' + v;
    case 'boolean':
      return v ? 'b1' : 'b0';
    default:
      break;
  }
  if (v instanceof Date) return 'd' + v.getTime();
  if (Array.isArray(v)) return '[' + v.map((x) => framed(encodeKey(x))).join('') + ']';
  const t = bsonType(v);
  if (t === 'ObjectId') return 'o' + (v as { toHexString(): string }).toHexString();
  if (t === 'Long' || t === 'Int32' || t === 'Double') return 'n' + String(toNumber(v));
  if (t === 'Binary') {
    const bin = v as { buffer: Uint8Array; sub_type: number };
    return 'x' + bin.sub_type + ':' + Buffer.from(bin.buffer).toString('base64');
  }
  if (v instanceof RegExp) return 'r' + String(v);
  if (t !== undefined) return 't' + t + ':' + String(v);
  const obj = v as Doc;
  return (
    '{' +
    Object.keys(obj)
      .map((k) => framed(k) + framed(encodeKey(obj[k])))
      .join('') +
    '}'
  );
}

/**
 * Whether two values have the same encodeKey, without encoding primitives and dates
 * (the common case when an update or an index compares a value with its old version).
 */
export function sameEncoding(a: unknown, b: unknown): boolean {
  if (a === b || (a == null && b == null)) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime() || (Number.isNaN(a.getTime()) && Number.isNaN(b.getTime()));
  if (typeof a === 'object' || typeof b === 'object' || typeof a === 'bigint' || typeof b === 'bigint') return encodeKey(a) === encodeKey(b);
  return false;
}

// Deep copy that keeps BSON value objects (ObjectId, Binary, ...) by reference: they are
// never mutated, and copying them through structuredClone would strip their classes.
export function cloneValue<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneValue) as unknown as T;
  if (v instanceof Date) return new Date(v.getTime()) as unknown as T;
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const k of Object.keys(v)) out[k] = cloneValue((v as Doc)[k]);
  return out as T;
}

// Long/Int32/Double wrappers become JS numbers so mingo compares them numerically.
export function normalizeNumbers(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalizeNumbers(v[i]);
    return v;
  }
  const t = (v as BsonTagged)._bsontype;
  if (t === 'Long' || t === 'Int32' || t === 'Double') return toNumber(v);
  if (t !== undefined || v instanceof Date) return v;
  const obj = v as Doc;
  for (const k of Object.keys(obj)) {
    const x = obj[k];
    if (x !== null && typeof x === 'object') obj[k] = normalizeNumbers(x);
  }
  return v;
}

// Values reachable at a dotted path, descending into arrays the way MongoDB's index
// key generation and distinct do (array elements are expanded).
export function pathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(cur: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(cur)) out.push(...cur);
    else out.push(cur);
    return;
  }
  if (Array.isArray(cur)) {
    const idx = Number(parts[i]);
    if (Number.isInteger(idx) && /^\d+$/.test(parts[i])) {
      collect(cur[idx], parts, i + 1, out);
      return;
    }
    for (const el of cur) if (isPlainObject(el)) collect(el, parts, i, out);
    return;
  }
  if (!isPlainObject(cur)) return;
  if (!(parts[i] in cur)) return;
  collect(cur[parts[i]], parts, i + 1, out);
}

export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Doc)[part];
  }
  return cur;
}

export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Doc = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]];
    if (!isPlainObject(next)) cur[parts[i]] = {};
    cur = cur[parts[i]] as Doc;
  }
  cur[parts[parts.length - 1]] = value;
}

// Renders a value the way mongod prints keys in E11000 messages.
export function formatForMessage(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  const t = bsonType(v);
  if (t === 'ObjectId') return `ObjectId('${(v as { toHexString(): string }).toHexString()}')`;
  if (Array.isArray(v)) return '[ ' + v.map(formatForMessage).join(', ') + ' ]';
  if (isPlainObject(v)) {
    return (
      '{ ' +
      Object.keys(v)
        .map((k) => `${k}: ${formatForMessage(v[k])}`)
        .join(', ') +
      ' }'
    );
  }
  return String(v);
}

// mongod keeps _id as the first field of projected and aggregated documents; mingo
// appends it, so move it back.
export function idFirst(doc: Doc): Doc {
  if (!('_id' in doc)) return doc;
  for (const k in doc) {
    if (k === '_id') return doc;
    break;
  }
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}
