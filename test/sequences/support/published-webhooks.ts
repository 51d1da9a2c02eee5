import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// Validates webhook envelopes against the published Origami webhooks document when
// ../shared/reference is present (skipped cleanly otherwise).

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;
const PUBLISHED = fileURLToPath(new URL('../../../../shared/reference/origami-openapi-webhooks.yaml', import.meta.url));
const ID = 'origami:webhooks';
export const hasPublishedWebhooks = existsSync(PUBLISHED);

const ENVELOPES: Record<string, string> = {
  'sequence.message.sent': 'SequenceMessageSentEnvelope',
  'sequence.reply.received': 'SequenceReplyReceivedEnvelope',
  'sequence.connection.requested': 'SequenceConnectionRequestedEnvelope',
  'sequence.connection.accepted': 'SequenceConnectionAcceptedEnvelope',
};

function fromOas30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromOas30);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${ID}${v}` : fromOas30(v);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
  }
  return out;
}

let ajv: Ajv2020 | undefined;
const cache = new Map<string, ValidateFunction>();

export function assertPublishedWebhook(type: string, envelope: unknown): void {
  if (!hasPublishedWebhooks) return;
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const doc = parse(readFileSync(PUBLISHED, 'utf8')) as { components: unknown };
    ajv.addSchema({ $id: ID, components: fromOas30(doc.components) });
  }
  const name = ENVELOPES[type];
  if (!name) throw new Error(`no published envelope for ${type}`);
  let validate = cache.get(name);
  if (!validate) {
    validate = ajv.compile({ $ref: `${ID}#/components/schemas/${name}` });
    cache.set(name, validate);
  }
  if (!validate(envelope)) throw new Error(`${type} does not match published ${name}: ${JSON.stringify(validate.errors, null, 2)}`);
}
