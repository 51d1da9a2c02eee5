import { describe, expect, it } from 'vitest';
import { createSpecAjv } from './ajv.ts';
import { createStripper, lenientSchema } from './lenient-body.ts';

const ajv = createSpecAjv({ openapi: '3.1.0', paths: {}, components: {} });

const draft = {
  oneOf: [
    { type: 'object', required: ['instructions'], additionalProperties: false, properties: { instructions: { type: 'string' } } },
    {
      type: 'object',
      required: ['name', 'steps'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', enum: ['additionalProperties'] },
        steps: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { body: { type: 'string' } } } },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  ],
};

describe('lenientSchema', () => {
  it('opens closed objects, reads oneOf as anyOf and leaves data keywords alone', () => {
    const lenient = lenientSchema<unknown>(draft) as { anyOf: { additionalProperties?: unknown; properties: Record<string, { enum?: string[] }> }[] };
    expect(lenient.anyOf).toHaveLength(2);
    expect(lenient.anyOf.every((b) => !('additionalProperties' in b))).toBe(true);
    expect(lenient.anyOf[1].properties.name.enum).toEqual(['additionalProperties']);
    expect(ajv.validate(lenient, { instructions: 'x', extra: 1 })).toBe(true);
    expect(ajv.validate(lenient, { instructions: 7 })).toBe(false);
  });
});

describe('createStripper', () => {
  const strip = createStripper(ajv, draft);

  it('drops unknown fields of the branch the body matches, at every depth', () => {
    expect(strip({ instructions: 'x', clientTag: 'y' })).toEqual({ instructions: 'x' });
    expect(strip({ name: 'additionalProperties', steps: [{ body: 'b', color: 'red' }], extra: true })).toEqual({
      name: 'additionalProperties',
      steps: [{ body: 'b' }],
    });
  });

  it('keeps the entries of open maps', () => {
    expect(strip({ name: 'additionalProperties', steps: [], headers: { 'X-A': '1' } })).toEqual({
      name: 'additionalProperties',
      steps: [],
      headers: { 'X-A': '1' },
    });
  });

  it('keeps everything of an object its schema leaves open', () => {
    expect(createStripper(ajv, { type: 'object', properties: { a: { type: 'string' } } })({ a: 'x', b: 1 })).toEqual({ a: 'x', b: 1 });
  });
});
