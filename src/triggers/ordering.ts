import { createHash } from 'node:crypto';
import { getPointer } from './body.ts';
import type { TriggerEventRecord, TriggerRecord } from './types.ts';

// Values up to this length are kept readable in the key (it shows on deliveries); longer
// ones are hashed so a key stays small in every index that holds it.
const READABLE_MAX = 200;

export interface TriggerOrdering {
  orderingKey: string;
  unordered?: true;
}

/**
 * How a post's `trigger.received` event is ordered. Deliveries of one key go one at a
 * time, in order, so by default a post is unordered (its key only names it) and posts are
 * delivered concurrently; a trigger with an ordering pointer orders the posts whose bodies
 * hold the same scalar value there. A body without one is unordered: it has no object to
 * be ordered with.
 */
export function triggerOrdering(trigger: Pick<TriggerRecord, 'id' | 'orderingPointer'>, event: Pick<TriggerEventRecord, 'id'>, body: unknown): TriggerOrdering {
  const own: TriggerOrdering = { orderingKey: `trigger_event:${event.id}`, unordered: true };
  const pointer = trigger.orderingPointer ?? null;
  if (pointer === null) return own;
  const value = getPointer(body, pointer);
  if (typeof value !== 'string' && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) return own;
  // JSON spelling: the string "1" and the number 1 are different objects.
  const text = JSON.stringify(value);
  const part = text.length <= READABLE_MAX ? text : `sha256:${createHash('sha256').update(text).digest('hex')}`;
  return { orderingKey: `trigger:${trigger.id}:${part}` };
}
