import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isWellFormedApiKey } from '../src/domain/api-keys/key-format.ts';
import { startChildGateway } from './support/child-gateway.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['bin/og-gateway.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, MONGODB_URI: '', ...env },
  });
}

describe('og-gateway CLI', () => {
  it('generates well-formed keys', () => {
    const run = cli(['keys', 'generate']);
    expect(run.status).toBe(0);
    expect(isWellFormedApiKey(run.stdout.trim())).toBe(true);
  });

  it('creates a key offline that the gateway then accepts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'og-cli-'));
    dirs.push(dataDir);
    const run = cli(['keys', 'create', '--org', 'acme', '--scopes', 'admin', '--name', 'ops'], { OG_DATA_DIR: dataDir });
    expect(run.status, run.stderr).toBe(0);
    const created = JSON.parse(run.stdout);
    expect(created).toMatchObject({ object: 'api_key', name: 'ops', scopes: ['admin'], organization: { name: 'acme' } });
    const gw = await startChildGateway({ OG_DATA_DIR: dataDir, MONGODB_URI: '' });
    try {
      const res = await fetch(`${gw.url}/api/v2/api-keys`, { headers: { authorization: `Bearer ${created.key}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: { id: string }[] }).items.map((k) => k.id)).toEqual([created.id]);
    } finally {
      gw.child.kill('SIGTERM');
      await gw.exited;
    }
  }, 90_000);

  it('accepts --flag=value (the key lands in the named organization)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'og-cli-'));
    dirs.push(dataDir);
    const run = cli(['keys', 'create', '--org=acme', '--scopes=read', '--name=reporting'], { OG_DATA_DIR: dataDir });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ object: 'api_key', name: 'reporting', scopes: ['read'], organization: { name: 'acme' } });
  }, 60_000);

  it('prints help with exit code 0 and refuses an unknown flag with exit code 2', () => {
    const help = cli(['keys', 'create', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: og-gateway keys create --org NAME');
    const bad = cli(['keys', 'create', '--org=acme', '--colour', 'blue']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^og-gateway keys create: unknown option --colour\n/);
  });

  it.each([
    [['keys', 'create'], /--org/],
    [['keys', 'create', '--org', 'x', '--scopes', 'root'], /--scopes/],
    [['nonsense'], /usage/],
  ])('explains a bad invocation %j', (args, message) => {
    const run = cli(args as string[]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
