import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../openapi/spec.ts';
import { renderReference } from './render-reference.ts';

const EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>';

const doc = {
  openapi: '3.1.0',
  info: { title: `Demo ${EVIL}`, version: '1', description: 'Uses `code` and **bold**.' },
  tags: [{ name: 'Things', description: EVIL }],
  paths: {
    '/things/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      get: {
        operationId: 'getThing',
        summary: EVIL,
        tags: ['Things'],
        'x-og-scope': 'read',
        parameters: [{ name: 'q"x', in: 'query', description: EVIL, schema: { type: 'string', enum: ['a<b'] } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
      },
    },
  },
  webhooks: { 'thing.changed': { post: { operationId: 'thingChanged', summary: 'Changed', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } } },
  components: {
    schemas: {
      Thing: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' }, self: { $ref: '#/components/schemas/Thing' }, [EVIL]: { type: 'integer', minimum: 1 } } },
    },
  },
} as unknown as OpenApiDocument;

describe('renderReference', () => {
  const { html } = renderReference(doc);

  it('escapes everything the spec says, so the spec cannot inject markup', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('q&quot;x');
    expect(html).toContain('&quot;a&lt;b&quot;');
  });

  it('renders operations by tag with their parameters, responses, webhooks and schemas', () => {
    expect(html).toContain('id="tag-Things"');
    expect(html).toContain('id="op-getThing"');
    expect(html).toMatch(/<span class="method get">get<\/span> <span class="path">\/things\/\{id\}<\/span> <span class="scope">scope: read<\/span>/);
    expect(html).toContain('<code>id</code> <span class="req">required</span></td><td>path</td><td>string (uuid)</td>');
    expect(html).toContain('<a href="#schema-Thing">Thing</a>');
    expect(html).toContain('id="webhook-thing.changed"');
    expect(html).toContain('id="schema-Thing"');
    expect(html).toContain('Uses <code>code</code> and <strong>bold</strong>.');
    expect(html).toContain('minimum <code>1</code>');
  });
});
