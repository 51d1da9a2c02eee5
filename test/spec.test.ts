import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listOperations, loadSpec } from '../src/http/openapi/spec.ts';
import { renderSpecTypes } from '../scripts/render-spec-types.ts';

const doc = loadSpec();

describe('openapi.yaml', () => {
  it('has a unique operationId and an x-og-scope on every operation', () => {
    const ops = listOperations(doc);
    const ids = ops.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of ops) expect(['none', 'read', 'write', 'admin'], op.operationId).toContain(op.scope);
  });

  it('documents 401, 403 and 429 for every authenticated operation', () => {
    for (const op of listOperations(doc).filter((o) => o.scope !== 'none')) {
      for (const status of ['401', '403', '429']) expect(op.responses, `${op.operationId} ${status}`).toHaveProperty(status);
    }
  });

  it('matches the committed generated types (run `npm run gen` after editing the spec)', async () => {
    const committed = readFileSync(new URL('../src/generated/openapi.ts', import.meta.url), 'utf8');
    expect(await renderSpecTypes()).toBe(committed);
  });

  it('lints clean with Redocly', () => {
    const run = spawnSync('npx', ['redocly', 'lint', 'openapi.yaml', '--config', 'redocly.yaml', '--format', 'stylish'], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
  }, 130_000);
});
