import type { Context } from 'koa';
import { isUtf8 } from 'node:buffer';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { payloadTooLarge, unsupportedMediaType, validationError } from '../../domain/errors.ts';
import { illFormedStringPointer, invalidUtf8Offset } from '../../domain/shared/well-formed-text.ts';
import { FORM_TYPE, illFormedFormField, parseForm } from '../../triggers/body.ts';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ReadBody {
  raw: Buffer;
  parsed: unknown;
  present: boolean;
}

const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json$/i;

/**
 * JSON nested deeper than this is refused. MongoDB stores at most 100 levels (deeper
 * documents fail at the store, which would be a 500 after the handler began its work),
 * and serialising a value thousands of levels deep overflows the stack when it is read
 * back: refused here, before anything runs, as the client's error it is.
 */
export const MAX_JSON_DEPTH = 64;

function nestsDeeper(value: unknown, levelsLeft: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (levelsLeft === 0) return true;
  for (const child of Object.values(value)) if (nestsDeeper(child, levelsLeft - 1)) return true;
  return false;
}

const notUtf8 = (offset: number) =>
  validationError(`Request body is not valid UTF-8 (byte offset ${offset})`, {
    in: 'body',
    offset,
    issues: [{ path: '', message: `invalid UTF-8 at byte offset ${offset}` }],
  });

const illFormed = (pointer: string, what: string) =>
  validationError(`Request body holds ${what} at ${pointer || 'its root'}`, {
    in: 'body',
    issues: [{ path: pointer, message: `is not well-formed Unicode text (${what})` }],
  });

// Only a `\uD800`–`\uDFFF` escape can make a lone surrogate out of valid UTF-8, so
// bodies without one skip the walk.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Refuses text that would not be stored as sent: invalid UTF-8 (lenient decoding turns
 * it into U+FFFD) and lone surrogates from JSON escapes. Returns the decoded text.
 */
function wellFormedText(raw: Buffer): string {
  // The native check first; the byte walk only to say where a bad body goes wrong.
  if (!isUtf8(raw)) throw notUtf8(invalidUtf8Offset(raw));
  return raw.toString('utf8');
}

// Stream events rather than `for await`: an async iterator per request costs more than
// reading the small bodies most requests carry.
function collect(req: Context['req'], limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Refused, but the rest is drained so the answer can go out on a healthy connection.
      req.off('data', onData);
      req.resume();
      reject(payloadTooLarge(`Request body exceeds ${limit} bytes`));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(Object.assign(new Error('request aborted'), { code: 'ECONNRESET', expose: false }));
    });
  });
}

// A compressed body is decoded and the limit applies to what it decodes to, so a small
// compressed body cannot expand into memory without bound. One coding at most.
const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

function codingOf(ctx: Context): string | null {
  const codings = (ctx.get('content-encoding') || '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return null;
  if (codings.length > 1 || !(codings[0] in DECODERS)) {
    throw unsupportedMediaType(`Content-Encoding ${ctx.get('content-encoding')} is not supported; send gzip, deflate, br or an uncompressed body`);
  }
  return codings[0];
}

function collectDecoded(req: Context['req'], coding: string, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const decoder = DECODERS[coding]();
    const chunks: Buffer[] = [];
    let received = 0;
    let size = 0;
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(decoder);
      decoder.destroy();
      // The rest is drained so the answer can go out on a healthy connection.
      req.resume();
      reject(err);
    };
    // Compressed bytes count too: empty gzip members decode to nothing, endlessly.
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) fail(payloadTooLarge(`Request body exceeds ${limit} bytes`));
    });
    decoder.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else fail(payloadTooLarge(`Request body exceeds ${limit} bytes once decoded (Content-Encoding ${coding})`));
    });
    decoder.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    decoder.once('error', () =>
      fail(
        validationError(`Request body is not valid ${coding} data`, {
          in: 'body',
          issues: [{ path: '', message: `does not decode as Content-Encoding ${coding}` }],
        }),
      ),
    );
    req.once('error', fail);
    req.once('close', () => {
      if (!req.complete) fail(Object.assign(new Error('request aborted'), { code: 'ECONNRESET', expose: false }));
    });
    req.pipe(decoder);
  });
}

/**
 * Reads the body once, bounded by `limit`, keeping the raw bytes for signature checks
 * (decoded, when the body came with a Content-Encoding).
 */
export async function readBody(ctx: Context, limit: number): Promise<ReadBody> {
  const declared = Number(ctx.get('content-length') || 0);
  if (!BODY_METHODS.has(ctx.method) || (declared === 0 && !ctx.get('transfer-encoding'))) {
    return { raw: Buffer.alloc(0), parsed: undefined, present: false };
  }
  if (declared > limit) throw payloadTooLarge(`Request body exceeds ${limit} bytes`);
  const coding = codingOf(ctx);
  const raw = coding ? await collectDecoded(ctx.req, coding, limit) : await collect(ctx.req, limit);
  if (raw.length === 0) return { raw, parsed: undefined, present: false };
  const type = (ctx.get('content-type') || '').split(';')[0].trim();
  // Form posts (mail providers' inbound parse) become an object of fields, repeated names an array.
  if (type.toLowerCase() === FORM_TYPE) {
    wellFormedText(raw);
    const field = illFormedFormField(raw);
    if (field !== null) throw illFormed(field, 'a percent-encoded sequence that is not UTF-8');
    return { raw, parsed: parseForm(raw), present: true };
  }
  if (!JSON_TYPES.test(type)) return { raw, parsed: raw, present: true };
  const text = wellFormedText(raw);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw validationError('Malformed JSON body', { in: 'body', issues: [{ path: '', message: 'is not valid JSON' }] });
  }
  if (nestsDeeper(parsed, MAX_JSON_DEPTH)) {
    throw validationError('JSON body nested too deeply', { in: 'body', issues: [{ path: '', message: `nests deeper than ${MAX_JSON_DEPTH} levels` }] });
  }
  const pointer = SURROGATE_ESCAPE.test(text) ? illFormedStringPointer(parsed) : null;
  if (pointer !== null) throw illFormed(pointer, 'a lone surrogate');
  return { raw, parsed, present: true };
}
