import { describe, expect, it } from 'vitest';
import { referencedSequenceKeys, targetKeysOf } from './target-keys.ts';
import type { TriggerRecord } from './types.ts';

const base: TriggerRecord = {
  id: 't1',
  orgId: 'o1',
  name: 't',
  action: 'rows.upsert',
  schema: null,
  tableId: 'tbl1',
  matchColumns: ['email'],
  mapping: null,
  verification: null,
  dedupPointer: null,
  rateLimitPerMinute: null,
  enabled: true,
  tokenNonce: '00',
  previousTokenNonce: null,
  previousTokenExpiresAt: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};
const trigger = (over: Partial<TriggerRecord>): TriggerRecord => ({ ...base, ...over });

describe('targetKeysOf', () => {
  it('keys a row by its table and match values as text, whatever else the post holds', () => {
    const t = trigger({ matchColumns: ['id', 'email'] });
    const [a] = targetKeysOf(t, { email: 'a@example.org', id: 42, plan: 'pro' });
    expect(a).toMatch(/^row:tbl1:/);
    expect(targetKeysOf(trigger({ matchColumns: ['email', 'id'] }), { id: '42', email: 'a@example.org', plan: 'team' })).toEqual([a]);
    expect(targetKeysOf(t, { email: 'a@example.org', id: 43 })).not.toEqual([a]);
    expect(targetKeysOf(trigger({ matchColumns: ['id', 'email'], tableId: 'tbl2' }), { email: 'a@example.org', id: 42 })).not.toEqual([a]);
  });

  it('follows the mapping, and gives an array body one key per distinct row', () => {
    const mapped = trigger({ mapping: { email: '/contact/email' } });
    expect(targetKeysOf(mapped, { contact: { email: 'b@example.org' } })).toEqual(targetKeysOf(base, { email: 'b@example.org' }));
    const keys = targetKeysOf(base, [{ email: 'a@x.org' }, { email: 'b@x.org' }, { email: 'a@x.org' }]);
    expect(keys).toHaveLength(2);
    expect(keys).toEqual([...targetKeysOf(base, { email: 'a@x.org' }), ...targetKeysOf(base, { email: 'b@x.org' })]);
  });

  it('orders nothing the action does not need ordered', () => {
    expect(targetKeysOf(trigger({ matchColumns: null }), { email: 'a@x.org' })).toEqual([]);
    expect(targetKeysOf(base, 'not rows')).toEqual([]);
    expect(targetKeysOf(trigger({ action: 'event' }), { email: 'a@x.org' })).toEqual([]);
  });

  it('keys replies and acceptances by the person, as reply matching reads the address', () => {
    const reply = trigger({ action: 'sequence.reply', mapping: { from: '/sender' } });
    const [person] = targetKeysOf(reply, { sender: 'Grace Hopper <Grace@Example.org>' });
    expect(person).toMatch(/^person:/);
    expect(targetKeysOf(trigger({ action: 'sequence.reply' }), { from: 'grace@example.org' })).toEqual([person]);
    expect(targetKeysOf(reply, { sender: 'ada@example.org' })).not.toEqual([person]);
    expect(targetKeysOf(reply, {})).toEqual([]);

    const accepted = trigger({ action: 'sequence.connection.accepted' });
    const [li] = targetKeysOf(accepted, { linkedinSlug: 'grace-h' });
    expect(targetKeysOf(accepted, { from: 'https://www.linkedin.com/in/Grace-H/' })).toEqual([li]);
    const both = targetKeysOf(accepted, { from: 'grace-h', sequenceId: 'seq_1' });
    expect(both).toHaveLength(2);
    expect(both[0]).toBe(li);
    expect(both[1]).toMatch(/^sequence:/);
  });

  it('keys a reply naming a sequence by that sequence and its recipient, whoever sent it', () => {
    const seq = { id: 'seq_1', recipient: { email: 'grace@example.org', linkedinSlug: 'grace-h' } };
    const named = referencedSequenceKeys([seq]);
    const reply = trigger({ action: 'sequence.reply' });
    // The recipient's own replies (matched by address), and an acceptance naming the sequence.
    const [recipient] = targetKeysOf(reply, { from: 'Grace <grace@example.org>' });
    const [, sequence] = targetKeysOf(trigger({ action: 'sequence.connection.accepted' }), { from: 'grace-h', sequenceId: 'seq_1' });
    const [linkedin] = targetKeysOf(trigger({ action: 'sequence.connection.accepted' }), { linkedinSlug: 'grace-h' });
    expect(named).toEqual([sequence, recipient, linkedin]);
    // A colleague's reply to it: not the colleague's key alone.
    const [colleague] = targetKeysOf(reply, { from: 'ada@example.org' });
    expect(named).not.toContain(colleague);
    expect(referencedSequenceKeys([{ id: 'seq_2', recipient: { email: null, linkedinSlug: null } }])).toHaveLength(1);
  });
});
