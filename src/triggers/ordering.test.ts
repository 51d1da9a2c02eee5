import { describe, expect, it } from 'vitest';
import { triggerOrdering } from './ordering.ts';

const event = { id: 'ev1' };

describe('triggerOrdering', () => {
  it('leaves every post unordered, under a key of its own, without an ordering pointer', () => {
    expect(triggerOrdering({ id: 't1', orderingPointer: null }, event, { a: 1 })).toEqual({ orderingKey: 'trigger_event:ev1', unordered: true });
    expect(triggerOrdering({ id: 't1' }, { id: 'ev2' }, { a: 1 })).toEqual({ orderingKey: 'trigger_event:ev2', unordered: true });
  });

  it('keys posts by the scalar value under the pointer, per trigger', () => {
    const t = { id: 't1', orderingPointer: '/customer/id' };
    expect(triggerOrdering(t, event, { customer: { id: 'cus_1' } })).toEqual({ orderingKey: 'trigger:t1:"cus_1"' });
    expect(triggerOrdering(t, { id: 'ev2' }, { customer: { id: 'cus_1' } })).toEqual({ orderingKey: 'trigger:t1:"cus_1"' });
    expect(triggerOrdering(t, event, { customer: { id: 1 } })).toEqual({ orderingKey: 'trigger:t1:1' });
    expect(triggerOrdering({ ...t, id: 't2' }, event, { customer: { id: 'cus_1' } })).toEqual({ orderingKey: 'trigger:t2:"cus_1"' });
    expect(triggerOrdering({ id: 't1', orderingPointer: '/a~1b' }, event, { 'a/b': true })).toEqual({ orderingKey: 'trigger:t1:true' });
  });

  it('leaves the post unordered when the value is missing or not a scalar', () => {
    const t = { id: 't1', orderingPointer: '/id' };
    for (const body of [{}, { id: null }, { id: { x: 1 } }, { id: [1] }, null, 'text']) {
      expect(triggerOrdering(t, event, body)).toEqual({ orderingKey: 'trigger_event:ev1', unordered: true });
    }
  });

  it('hashes long values so keys stay small', () => {
    const { orderingKey: key } = triggerOrdering({ id: 't1', orderingPointer: '/id' }, event, { id: 'x'.repeat(500) });
    expect(key).toMatch(/^trigger:t1:sha256:[0-9a-f]{64}$/);
  });
});
