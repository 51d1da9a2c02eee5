import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleCatalog, consoleCsp, loadAssets } from './console-assets.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'og-console-'));
  dirs.push(dir);
  return dir;
}

describe('console assets', () => {
  it('serves known file types from the folder only (no dotfiles, no links out), by relative path, plus generated files', () => {
    const root = folder();
    const outside = folder();
    writeFileSync(join(outside, 'secret.js'), 'leak');
    mkdirSync(join(root, 'js'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'js', 'app.js'), 'export {}');
    writeFileSync(join(root, '.env'), 'SECRET=1');
    writeFileSync(join(root, 'notes.md'), '# not served');
    symlinkSync(join(outside, 'secret.js'), join(root, 'linked.js'));
    const assets = loadAssets(root, { 'catalog.json': '{}' });
    expect([...assets.keys()].sort()).toEqual(['catalog.json', 'index.html', 'js/app.js']);
    expect(assets.get('js/app.js')?.type).toBe('text/javascript; charset=utf-8');
    expect(assets.get('catalog.json')?.type).toBe('application/json; charset=utf-8');
    expect(assets.get('index.html')?.etag).toMatch(/^"[\w-]{22}"$/);
  });

  it('forbids framing unless origins are listed, and never allows inline code', () => {
    expect(consoleCsp()).toContain("frame-ancestors 'none'");
    expect(consoleCsp(['https://app.example.com'])).toContain('frame-ancestors https://app.example.com');
    expect(consoleCsp()).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it("takes the pickers' catalog from the spec", () => {
    const doc = {
      components: { schemas: { WebhookSubscription: { enum: ['*', 'a.*'] }, WebhookEventType: { enum: ['a.b'] }, TriggerAction: { enum: ['event'] } } },
    };
    expect(JSON.parse(consoleCatalog(doc))).toEqual({ subscriptions: ['*', 'a.*'], eventTypes: ['a.b'], triggerActions: ['event'] });
  });
});
