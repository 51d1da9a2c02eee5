import type { Context } from 'koa';
import { payloadTooLarge, validationError } from '../../domain/errors.ts';
import { FORM_TYPE, parseForm } from '../../triggers/body.ts';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ReadBody {
  raw: Buffer;
  parsed: unknown;
  present: boolean;
}

const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json$/i;

/** Reads the body once, bounded by `limit`, keeping the raw bytes for signature checks. */
export async function readBody(ctx: Context, limit: number): Promise<ReadBody> {
  const declared = Number(ctx.get('content-length') || 0);
  if (!BODY_METHODS.has(ctx.method) || (declared === 0 && !ctx.get('transfer-encoding'))) {
    return { raw: Buffer.alloc(0), parsed: undefined, present: false };
  }
  if (declared > limit) throw payloadTooLarge(`Request body exceeds ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      ctx.req.resume();
      throw payloadTooLarge(`Request body exceeds ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { raw, parsed: undefined, present: false };
  const type = (ctx.get('content-type') || '').split(';')[0].trim();
  // Form posts (mail providers' inbound parse) become an object of fields, repeated names an array.
  if (type.toLowerCase() === FORM_TYPE) return { raw, parsed: parseForm(raw), present: true };
  if (!JSON_TYPES.test(type)) return { raw, parsed: raw, present: true };
  try {
    return { raw, parsed: JSON.parse(raw.toString('utf8')), present: true };
  } catch {
    throw validationError('Malformed JSON body', { in: 'body', issues: [{ path: '', message: 'is not valid JSON' }] });
  }
}
