import { describe, expect, it } from 'vitest';
import { placeholders, render } from './templates.ts';

describe('templates', () => {
  it.each([
    ['Hi {{first_name}}', { first_name: 'Ada' }, 'Hi Ada'],
    ['{{ a }}-{{b}}', { a: 1, b: true }, '1-true'],
    ['no placeholders', {}, 'no placeholders'],
    ['{{tags}}', { tags: ['x', 'y'] }, 'x, y'],
  ])('renders %s', (template, values, expected) => {
    expect(render(template, values)).toEqual({ ok: true, text: expected });
  });

  it.each([
    ['Hi {{first_name}}', {}],
    ['Hi {{first_name}}', { first_name: '   ' }],
    ['Hi {{first_name}}', { first_name: null }],
  ])('reports the missing slug for %s', (template, values) => {
    expect(render(template, values)).toEqual({ ok: false, missing: ['first_name'] });
  });

  it('lists placeholders in order', () => {
    expect(placeholders('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b', 'a']);
  });
});
