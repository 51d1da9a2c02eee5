// An ordered multiset kept as a list of bounded sorted chunks: insert/remove cost
// O(log n + chunk) instead of the O(n) splice of one big array, which keeps range
// indexes cheap to maintain at a few hundred thousand entries.
const MAX_CHUNK = 512;

export interface SortedPosition {
  chunk: number;
  index: number;
}

export class SortedList<T> {
  private chunks: T[][] = [];
  private count = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  /** A list holding `items`, which must already be in `compare` order. */
  static fromSorted<T>(items: T[], compare: (a: T, b: T) => number): SortedList<T> {
    const list = new SortedList(compare);
    for (let i = 0; i < items.length; i += MAX_CHUNK) list.chunks.push(items.slice(i, i + MAX_CHUNK));
    list.count = items.length;
    return list;
  }

  get size(): number {
    return this.count;
  }

  insert(item: T): void {
    if (this.chunks.length === 0) {
      this.chunks.push([item]);
      this.count++;
      return;
    }
    // Ascending keys (time-ordered ids, timestamps) are the common insert: append in O(1).
    const last = this.chunks.length - 1;
    const tail = this.chunks[last];
    const appended = this.compare(tail[tail.length - 1], item) <= 0;
    const ci = appended
      ? last
      : Math.min(
          this.chunkFor((x) => this.compare(x, item)),
          last,
        );
    const chunk = this.chunks[ci];
    chunk.splice(appended ? chunk.length : lowerIndex(chunk, (x) => this.compare(x, item)), 0, item);
    this.count++;
    if (chunk.length > MAX_CHUNK * 2) this.chunks.splice(ci, 1, chunk.slice(0, MAX_CHUNK), chunk.slice(MAX_CHUNK));
  }

  remove(item: T): boolean {
    const ci = this.chunkFor((x) => this.compare(x, item));
    if (ci === this.chunks.length) return false;
    const chunk = this.chunks[ci];
    const i = lowerIndex(chunk, (x) => this.compare(x, item));
    if (i >= chunk.length || this.compare(chunk[i], item) !== 0) return false;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(ci, 1);
    return true;
  }

  // Iterates from the first item for which `toTarget(item) >= 0` (lower bound).
  *from(toTarget: (item: T) => number): Generator<T> {
    let ci = this.chunkFor(toTarget);
    if (ci === this.chunks.length) return;
    let i = lowerIndex(this.chunks[ci], toTarget);
    for (; ci < this.chunks.length; ci++, i = 0) {
      const chunk = this.chunks[ci];
      for (; i < chunk.length; i++) yield chunk[i];
    }
  }

  // Iterates backwards from the last item for which `toTarget(item) <= 0`.
  *fromEnd(toTarget: (item: T) => number): Generator<T> {
    // First chunk whose last item is > target, then the last item <= target in it.
    let ci = this.chunks.length;
    let lo = 0;
    while (lo < ci) {
      const mid = (lo + ci) >>> 1;
      const chunk = this.chunks[mid];
      if (toTarget(chunk[chunk.length - 1]) <= 0) lo = mid + 1;
      else ci = mid;
    }
    let i: number;
    if (ci === this.chunks.length) {
      ci--;
      if (ci < 0) return;
      i = this.chunks[ci].length - 1;
    } else {
      i = lowerIndex(this.chunks[ci], (x) => (toTarget(x) <= 0 ? -1 : 1)) - 1;
    }
    for (; ci >= 0; ci--, i = ci >= 0 ? this.chunks[ci].length - 1 : 0) {
      const chunk = this.chunks[ci];
      for (; i >= 0; i--) yield chunk[i];
    }
  }

  *all(): Generator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  // First chunk whose last item is >= target.
  private chunkFor(toTarget: (item: T) => number): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.chunks[mid];
      if (toTarget(chunk[chunk.length - 1]) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerIndex<T>(arr: T[], toTarget: (item: T) => number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (toTarget(arr[mid]) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
