// Slugs are the keys clients write rows with, so they stay url-safe and stable: derived
// once from the name, never re-derived on rename. `id` is reserved because flat rows
// (`cells=flat`, CSV) carry the row id under that key.

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
const RESERVED = new Set(['id']);
const MAX = 64;

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX)
    .replace(/_+$/, '');
  return base || 'column';
}

export const isReservedSlug = (slug: string): boolean => RESERVED.has(slug);

/** The first free variant of `base` (`email`, `email_2`, …) among `taken`. */
export function uniqueSlug(base: string, taken: Set<string>): string {
  if (!taken.has(base) && !RESERVED.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, MAX - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
