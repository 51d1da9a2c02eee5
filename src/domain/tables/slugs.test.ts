import { describe, expect, it } from 'vitest';
import { SLUG_PATTERN, slugify, uniqueSlug } from './slugs.ts';

describe('slugs', () => {
  it.each([
    ['Email Address', 'email_address'],
    ['  Ünïcödé — Co.  ', 'unicode_co'],
    ['!!!', 'column'],
    ['LinkedIn URL (profile)', 'linkedin_url_profile'],
    ['a'.repeat(100), 'a'.repeat(64)],
  ])('slugify(%j) = %j and is url-safe', (name, slug) => {
    expect(slugify(name)).toBe(slug);
    expect(slugify(name)).toMatch(SLUG_PATTERN);
  });

  it('suffixes taken and reserved slugs, staying within 64 characters', () => {
    expect(uniqueSlug('email', new Set(['email', 'email_2']))).toBe('email_3');
    expect(uniqueSlug('id', new Set())).toBe('id_2');
    const long = 'x'.repeat(64);
    const next = uniqueSlug(long, new Set([long]));
    expect(next).toHaveLength(64);
    expect(next.endsWith('_2')).toBe(true);
  });
});
