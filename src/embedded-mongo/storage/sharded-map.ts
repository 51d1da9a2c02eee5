// A Map from strings split over a fixed number of Maps by a hash of each key's tail. A
// JS Map grows by building a table twice the size and moving every entry over, in one
// step: ~12 ms at 65,536 entries, ~24 ms at 131,072, doubling with the size. An index's
// map of one entry per document grows in step with the collection's other per-document
// maps, so each doubling stalled the server for the sum of all of them. Sixteen shards
// fill unevenly and each holds a sixteenth: they grow at different inserts, in
// steps a sixteenth as long.
const SHARDS = 16;
// Keys here end in their most varied part (an id, a timestamp), ahead of at most a few
// closing characters.
const TAIL = 8;

function shardOf(key: string): number {
  let h = key.length;
  for (let i = Math.max(0, key.length - TAIL); i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return (h ^ (h >>> 7)) & (SHARDS - 1);
}

export class ShardedMap<V> {
  private readonly shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map<string, V>());

  get(key: string): V | undefined {
    return this.shards[shardOf(key)].get(key);
  }

  set(key: string, value: V): void {
    this.shards[shardOf(key)].set(key, value);
  }

  delete(key: string): boolean {
    return this.shards[shardOf(key)].delete(key);
  }

  clear(): void {
    for (const shard of this.shards) shard.clear();
  }

  get size(): number {
    return this.shards.reduce((n, shard) => n + shard.size, 0);
  }

  shardSizes(): number[] {
    return this.shards.map((shard) => shard.size);
  }
}
