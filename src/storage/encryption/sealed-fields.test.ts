import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openFields, SEALED_FIELDS, sealFields, secretSlots } from './sealed-fields.ts';
import { createSecretBox, isSealed } from './secret-box.ts';
import { agentWorkerIndexes } from '../repositories/agent-workers-repo.ts';
import { senderIndexes } from '../repositories/senders-repo.ts';
import { tableIndexes } from '../repositories/tables-repo.ts';
import { triggerIndexes } from '../repositories/triggers-repo.ts';
import { webhookEndpointIndexes } from '../repositories/webhook-endpoints-repo.ts';

const box = createSecretBox({ key: randomBytes(32) });

describe('sealed fields', () => {
  it('name the collections the repositories write', () => {
    expect(SEALED_FIELDS.webhookEndpoints.collection).toBe(webhookEndpointIndexes.collection);
    expect(SEALED_FIELDS.agentWorkers.collection).toBe(agentWorkerIndexes.collection);
    expect(SEALED_FIELDS.senders.collection).toBe(senderIndexes.collection);
    expect(SEALED_FIELDS.triggers.collection).toBe(triggerIndexes.collection);
    expect(SEALED_FIELDS.tables.collection).toBe(tableIndexes.collection);
  });

  it('seals nested and per-element paths, leaves everything else shared and untouched', () => {
    const table = {
      _id: 't',
      name: 'T',
      columns: [{ slug: 'a', enrichment: null }, { slug: 'b', enrichment: { url: 'u', secret: 'whsec_b' } }, { slug: 'c' }],
    };
    const sealed = sealFields(box, SEALED_FIELDS.tables, table);
    expect(table.columns[1].enrichment!.secret).toBe('whsec_b');
    expect(isSealed(sealed.columns[1].enrichment!.secret)).toBe(true);
    expect(sealed.columns[0]).toBe(table.columns[0]);
    expect(sealed.name).toBe('T');
    expect(openFields(box, SEALED_FIELDS.tables, sealed)).toEqual(table);
    expect(secretSlots(SEALED_FIELDS.tables, sealed).map((s) => s.path)).toEqual(['columns.1.enrichment.secret']);
  });

  it('handles partial documents ($set objects), nulls and absent fields', () => {
    const set = { secret: 'whsec_new', previousSecret: null, updatedAt: new Date(0) };
    const sealed = sealFields(box, SEALED_FIELDS.webhookEndpoints, set);
    expect(isSealed(sealed.secret)).toBe(true);
    expect(sealed.previousSecret).toBeNull();
    expect(sealed.updatedAt).toBe(set.updatedAt);
    expect(sealFields(box, SEALED_FIELDS.senders, { smtp: null, http: { url: 'u', secret: 's' } }).smtp).toBeNull();
    expect(sealFields(box, SEALED_FIELDS.senders, { smtp: { host: 'h', auth: null } })).toEqual({ smtp: { host: 'h', auth: null } });
  });

  it('binds each value to its field: a secret moved to another field does not open', () => {
    const worker = sealFields(box, SEALED_FIELDS.agentWorkers, { secret: 'whsec_w' });
    expect(() => openFields(box, SEALED_FIELDS.webhookEndpoints, { secret: worker.secret })).toThrow(/failed authentication/);
  });

  it('seals a caller-keyed map whole, keys with dots and dollars included, and reads legacy plain maps', () => {
    const headers = { Authorization: 'Bearer tok-Z1', 'X.Tenant': 'a', $odd: 'b' };
    const sealed = sealFields(box, SEALED_FIELDS.webhookEndpoints, { url: 'u', headers });
    expect(typeof sealed.headers).toBe('string');
    expect(JSON.stringify(sealed)).not.toContain('tok-Z1');
    expect(openFields(box, SEALED_FIELDS.webhookEndpoints, sealed)).toEqual({ url: 'u', headers });
    // Sealing twice does not wrap the sealed text again.
    expect(sealFields(box, SEALED_FIELDS.webhookEndpoints, sealed)).toEqual(sealed);
    expect(openFields(box, SEALED_FIELDS.webhookEndpoints, { headers })).toEqual({ headers });
    const [slot] = secretSlots(SEALED_FIELDS.webhookEndpoints, { headers });
    expect(slot).toEqual({ path: 'headers', context: 'webhook_endpoints.headers', value: JSON.stringify(headers), stored: headers });
  });
});
