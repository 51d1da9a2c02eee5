import fc from 'fast-check';

// fast-check arbitraries for the JSON Schema subset the published Origami document uses
// (type, properties, required, items, enum, const, nullable, allOf, oneOf, lengths,
// bounds, the uuid/date-time/email/uri formats). Every object also gets unknown fields:
// the published schemas never close an object, so a client may send them.

type Schema = Record<string, unknown>;

export interface ArbitraryOptions {
  /** Resolves a `$ref` of the published document. */
  deref: (schema: Schema) => Schema;
  /** Known strings (ids, slugs) a string without a format is drawn from half the time. */
  strings: string[];
  /** Known ids a uuid is drawn from half the time, so requests reach real resources. */
  ids: string[];
  /** Values for a schema whose description pins a format its keywords do not state. */
  described?: (schema: Schema) => fc.Arbitrary<unknown> | undefined;
}

/** Field names no published schema declares, sent as a client's own additions. */
export const UNKNOWN_FIELDS = ['clientTag', 'x_sdk_version', 'metadataExtra'];

const isoDate = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

function stringArbitrary(schema: Schema, opts: ArbitraryOptions): fc.Arbitrary<string> {
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? 40, 40);
  switch (schema.format) {
    case 'uuid':
      return opts.ids.length ? fc.oneof(fc.constantFrom(...opts.ids), fc.uuid()) : fc.uuid();
    case 'date-time':
      return isoDate;
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
    default:
      break;
  }
  const free = fc.string({ minLength, maxLength }).filter((s) => (schema.pattern ? new RegExp(schema.pattern as string, 'u').test(s) : true));
  const known = opts.strings.filter((s) => s.length >= minLength && s.length <= maxLength);
  return known.length ? fc.oneof(fc.constantFrom(...known), free) : free;
}

function objectArbitrary(schema: Schema, opts: ArbitraryOptions): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryFor(s, opts)]));
  const declared = fc.record(model, { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) });
  // An object with no declared fields (a row's cells) takes known names as its keys.
  const keys = Object.keys(properties).length
    ? fc.constantFrom(...UNKNOWN_FIELDS)
    : fc.oneof(fc.constantFrom(...opts.strings, ...UNKNOWN_FIELDS), fc.string({ minLength: 1, maxLength: 12 }));
  const extra = fc.dictionary(keys, fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean()), { maxKeys: 3 });
  return fc.tuple(declared, extra).map(([d, e]) => {
    const out: Record<string, unknown> = { ...e };
    for (const [k, v] of Object.entries(d)) if (v !== undefined) out[k] = v;
    return out;
  });
}

function merged(parts: Schema[]): Schema {
  const out: Schema = { type: 'object', properties: {}, required: [] };
  for (const part of parts) {
    Object.assign(out.properties as Schema, part.properties ?? {});
    (out.required as string[]).push(...((part.required as string[] | undefined) ?? []));
  }
  return out;
}

/** An arbitrary of values the (published) schema accepts. */
export function arbitraryFor(input: Schema, opts: ArbitraryOptions): fc.Arbitrary<unknown> {
  const schema = opts.deref(input);
  const plain = opts.described?.(schema) ?? nonNull(schema, opts);
  return schema.nullable === true ? fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: fc.constant(null) }) : plain;
}

function nonNull(schema: Schema, opts: ArbitraryOptions): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.allOf)) return arbitraryFor(merged((schema.allOf as Schema[]).map(opts.deref)), opts);
  if (Array.isArray(schema.oneOf)) return fc.oneof(...(schema.oneOf as Schema[]).map((s) => arbitraryFor(s, opts)));
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : (schema.type as string | undefined);
  switch (type) {
    case 'string':
      return stringArbitrary(schema, opts);
    case 'integer':
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -1000, max: (schema.maximum as number | undefined) ?? 1000 });
    case 'number':
      return fc.double({ min: (schema.minimum as number | undefined) ?? -1000, max: (schema.maximum as number | undefined) ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = (schema.minItems as number | undefined) ?? 0;
      const maxLength = Math.min((schema.maxItems as number | undefined) ?? 4, Math.max(minLength, 4));
      return fc.array(arbitraryFor((schema.items as Schema | undefined) ?? {}, opts), { minLength, maxLength });
    }
    case 'object':
      return objectArbitrary(schema, opts);
    default:
      return schema.properties ? objectArbitrary(schema, opts) : fc.jsonValue({ maxDepth: 2 });
  }
}
