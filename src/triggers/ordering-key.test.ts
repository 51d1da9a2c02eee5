import { describe, expect, it } from 'vitest';
import { triggerOrderingKey } from './ordering-key.ts';

const event = { id: 'ev1' };

describe('triggerOrderingKey', () => {
  it('gives every post a key of its own without an ordering pointer', () => {
    expect(triggerOrderingKey({ id: 't1', orderingPointer: null }, event, { a: 1 })).toBe('trigger_event:ev1');
    expect(triggerOrderingKey({ id: 't1' }, { id: 'ev2' }, { a: 1 })).toBe('trigger_event:ev2');
  });

  it('keys posts by the scalar value under the pointer, per trigger', () => {
    const t = { id: 't1', orderingPointer: '/customer/id' };
    expect(triggerOrderingKey(t, event, { customer: { id: 'cus_1' } })).toBe('trigger:t1:"cus_1"');
    expect(triggerOrderingKey(t, { id: 'ev2' }, { customer: { id: 'cus_1' } })).toBe('trigger:t1:"cus_1"');
    expect(triggerOrderingKey(t, event, { customer: { id: 1 } })).toBe('trigger:t1:1');
    expect(triggerOrderingKey({ ...t, id: 't2' }, event, { customer: { id: 'cus_1' } })).toBe('trigger:t2:"cus_1"');
    expect(triggerOrderingKey({ id: 't1', orderingPointer: '/a~1b' }, event, { 'a/b': true })).toBe('trigger:t1:true');
  });

  it('falls back to the post own key when the value is missing or not a scalar', () => {
    const t = { id: 't1', orderingPointer: '/id' };
    for (const body of [{}, { id: null }, { id: { x: 1 } }, { id: [1] }, null, 'text']) {
      expect(triggerOrderingKey(t, event, body)).toBe('trigger_event:ev1');
    }
  });

  it('hashes long values so keys stay small', () => {
    const key = triggerOrderingKey({ id: 't1', orderingPointer: '/id' }, event, { id: 'x'.repeat(500) });
    expect(key).toMatch(/^trigger:t1:sha256:[0-9a-f]{64}$/);
  });
});
