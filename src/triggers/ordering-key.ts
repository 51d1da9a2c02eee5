import { createHash } from 'node:crypto';
import { getPointer } from './body.ts';
import type { TriggerEventRecord, TriggerRecord } from './types.ts';

// Values up to this length are kept readable in the key (it shows on deliveries); longer
// ones are hashed so a key stays small in every index that holds it.
const READABLE_MAX = 200;

/**
 * The ordering key of a post's `trigger.received` event. Deliveries of one key go one at
 * a time, in order, so by default every post is a key of its own (its replays queue
 * behind it) and posts are delivered concurrently; a trigger with an ordering pointer
 * orders the posts whose bodies hold the same scalar value there. A body without one
 * falls back to its own key: it has no object to be ordered with.
 */
export function triggerOrderingKey(trigger: Pick<TriggerRecord, 'id' | 'orderingPointer'>, event: Pick<TriggerEventRecord, 'id'>, body: unknown): string {
  const own = `trigger_event:${event.id}`;
  const pointer = trigger.orderingPointer ?? null;
  if (pointer === null) return own;
  const value = getPointer(body, pointer);
  if (typeof value !== 'string' && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) return own;
  // JSON spelling: the string "1" and the number 1 are different objects.
  const text = JSON.stringify(value);
  const part = text.length <= READABLE_MAX ? text : `sha256:${createHash('sha256').update(text).digest('hex')}`;
  return `trigger:${trigger.id}:${part}`;
}
