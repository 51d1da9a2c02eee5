import type { RecordCodec } from '../tenant-records.ts';
import type { SecretBox } from './secret-box.ts';

// The one list of stored fields that hold a recoverable secret. Repositories seal these
// paths on the way in and open them on the way out (the domain only ever sees
// plaintext); the start-up sweep migrates plaintext and re-seals values under an old key
// by the same list. `*` stands for every element of an array.
//
// `documents` are fields whose whole value (a map with keys the caller chose, such as an
// endpoint's custom headers, which may carry an Authorization token) is sealed as one
// JSON text: a caller's key is not a safe store path (it may hold `.` or start with `$`),
// so it cannot be sealed value by value at its own path.

export interface SealedCollection {
  collection: string;
  paths: string[];
  /** Top-level fields sealed whole, as JSON text (see above). */
  documents?: string[];
  /** Narrows the sweep when only some documents of the collection hold a secret. */
  filter?: Record<string, unknown>;
}

export const SEALED_FIELDS = {
  webhookEndpoints: { collection: 'webhook_endpoints', paths: ['secret', 'previousSecret'], documents: ['headers'] },
  agentWorkers: { collection: 'agent_workers', paths: ['secret'] },
  senders: { collection: 'senders', paths: ['smtp.auth.pass', 'http.secret'] },
  triggers: { collection: 'triggers', paths: ['verification.secret'] },
  tables: { collection: 'tables', paths: ['columns.*.enrichment.secret'] },
  settings: { collection: 'settings', paths: ['value'], filter: { _id: 'trigger-token-secret' } },
} satisfies Record<string, SealedCollection>;

export const ALL_SEALED: SealedCollection[] = Object.values(SEALED_FIELDS);

type Transform = (value: string, context: string) => string;

// A copy of `node` with `fn` applied at the string found along `parts`; everything off
// the path is shared, a missing or null step leaves the node as it is.
function mapAt(node: unknown, parts: string[], fn: (value: string) => string): unknown {
  if (parts.length === 0) return typeof node === 'string' ? fn(node) : node;
  const [head, ...rest] = parts;
  if (head === '*') {
    if (!Array.isArray(node)) return node;
    const items = node.map((item) => mapAt(item, rest, fn));
    return items.every((item, i) => item === node[i]) ? node : items;
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node) || !(head in node)) return node;
  const record = node as Record<string, unknown>;
  const child = mapAt(record[head], rest, fn);
  return child === record[head] ? node : { ...record, [head]: child };
}

function transform<T>(spec: SealedCollection, doc: T, fn: Transform): T {
  let out: unknown = doc;
  for (const path of spec.paths) {
    const context = `${spec.collection}.${path}`;
    out = mapAt(out, path.split('.'), (value) => fn(value, context));
  }
  return out as T;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

// A copy of `doc` with each whole-sealed field replaced by `fn(value)` where present.
function mapDocuments<T>(spec: SealedCollection, doc: T, fn: (value: unknown, context: string) => unknown): T {
  if (!spec.documents || !isRecord(doc)) return doc;
  let out: Record<string, unknown> = doc;
  for (const field of spec.documents) {
    if (!(field in out) || out[field] === null || out[field] === undefined) continue;
    const next = fn(out[field], `${spec.collection}.${field}`);
    if (next !== out[field]) out = { ...out, [field]: next };
  }
  return out as T;
}

/** Seals every secret path present in `doc` (a whole document or a top-level `$set`). */
export function sealFields<T>(box: SecretBox, spec: SealedCollection, doc: T): T {
  const sealed = transform(spec, doc, (value, context) => box.seal(value, context));
  // A string here is already sealed (the only string this field ever holds).
  return mapDocuments(spec, sealed, (value, context) => (typeof value === 'string' ? value : box.seal(JSON.stringify(value), context)));
}

/** Opens every secret path present in `doc`; a whole-sealed field stored before sealing (plain JSON) reads as it is. */
export function openFields<T>(box: SecretBox, spec: SealedCollection, doc: T): T {
  const opened = transform(spec, doc, (value, context) => box.open(value, context));
  return mapDocuments(spec, opened, (value, context) => (typeof value === 'string' ? JSON.parse(box.open(value, context)) : value));
}

export interface SecretSlot {
  /** The concrete dotted path (array positions spelled out), usable in a filter and a `$set`. */
  path: string;
  context: string;
  /** The value as sealed or, for legacy plaintext, the text to seal. */
  value: string;
  /** What is stored at `path` (differs from `value` for a whole-sealed field still in plain JSON). */
  stored: unknown;
}

function collectSlots(node: unknown, parts: string[], at: string[], found: (path: string, value: string) => void): void {
  if (parts.length === 0) {
    if (typeof node === 'string') found(at.join('.'), node);
    return;
  }
  const [head, ...rest] = parts;
  if (head === '*') {
    if (Array.isArray(node)) node.forEach((item, i) => collectSlots(item, rest, [...at, String(i)], found));
    return;
  }
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) collectSlots((node as Record<string, unknown>)[head], rest, [...at, head], found);
}

/** Every secret value stored in `doc`, with the concrete path it sits at. */
export function secretSlots(spec: SealedCollection, doc: unknown): SecretSlot[] {
  const slots: SecretSlot[] = [];
  for (const path of spec.paths) {
    const context = `${spec.collection}.${path}`;
    collectSlots(doc, path.split('.'), [], (at, value) => slots.push({ path: at, context, value, stored: value }));
  }
  for (const field of spec.documents ?? []) {
    const stored = isRecord(doc) ? doc[field] : undefined;
    if (stored === null || stored === undefined) continue;
    const value = typeof stored === 'string' ? stored : JSON.stringify(stored);
    slots.push({ path: field, context: `${spec.collection}.${field}`, value, stored });
  }
  return slots;
}

/** The codec of a collection with sealed fields: sealed as written, opened as read. */
export function sealedCodec(box: SecretBox, spec: SealedCollection): RecordCodec {
  return { toStored: (doc) => sealFields(box, spec, doc), fromStored: (doc) => openFields(box, spec, doc) };
}
