// The direction of dependency ARCHITECTURE.md describes, checked on every run: a rule
// broken here is a seam that silently stopped being one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { graphOf, importsOf, sourceFiles, violations, type ImportRule } from '../support/import-graph.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const isTest = (path: string) => path.endsWith('.test.ts');
const under = (dir: string) => (path: string) => path.startsWith(`${dir}/`);
const DRIVER = new Set(['mongodb', 'bson']);
const KOA = new Set(['koa', '@koa/router']);
// The webhook engine's internals: the domain reaches delivery only by staging events
// in the outbox, never by calling into the dispatcher.
const DISPATCH = /^src\/webhooks\/(dispatch|delivery|store-order|successor|fan-out|ordering|attempt|recovery)/;
// How events are kept on a document and relayed is storage's business: the repositories
// write through it, the wiring creates it; everything else sees only `src/events/outbox.ts`.
const OUTBOX_STORAGE = under('src/storage/outbox');
const OUTBOX_WIRING = new Set<string>([]);

export const RULES: ImportRule[] = [
  {
    name: 'src/embedded-mongo imports nothing of the gateway',
    files: (p) => under('src/embedded-mongo')(p) && !isTest(p),
    forbidden: (e) => !e.isPackage && !under('src/embedded-mongo')(e.to),
  },
  {
    name: 'src/domain imports neither Koa, src/http nor the MongoDB driver',
    files: (p) => under('src/domain')(p) && !isTest(p),
    forbidden: (e) => (e.isPackage ? KOA.has(e.to) || DRIVER.has(e.to) : under('src/http')(e.to)),
  },
  {
    name: 'src/http never imports the MongoDB driver',
    files: (p) => under('src/http')(p) && !isTest(p),
    forbidden: (e) => e.isPackage && DRIVER.has(e.to),
  },
  {
    name: 'Koa stays in src/http (the composition root mounts it)',
    files: (p) => !under('src/http')(p) && !under('src/gateway')(p) && !isTest(p),
    forbidden: (e) => e.isPackage && KOA.has(e.to),
  },
  {
    name: 'storage throws typed storage errors, never the API error catalog',
    files: (p) => under('src/storage')(p) && !isTest(p),
    forbidden: (e) => !e.isPackage && e.to === 'src/domain/errors.ts',
  },
  {
    name: 'the domain reaches webhook dispatch only through the outbox',
    files: (p) => under('src/domain')(p) && !isTest(p),
    forbidden: (e) => !e.isPackage && DISPATCH.test(e.to),
  },
  {
    name: 'only storage and the wiring reach the outbox storage',
    files: (p) => !under('src/storage')(p) && !under('src/gateway')(p) && !OUTBOX_WIRING.has(p) && !isTest(p),
    forbidden: (e) => !e.isPackage && OUTBOX_STORAGE(e.to),
  },
];

// The staging field and the shape of its update are spelled in src/storage/outbox only
// (the embedded server stands alone and tests its update paths on any field name).
const OUTBOX_SHAPES = /\b_outbox\b|\bOUTBOX_FIELD\b|\bpushSpec\b|\bregisterSource\b/;
export function outboxShapeLeaks(files: { path: string; source: string }[]): string[] {
  return files.filter((f) => !OUTBOX_STORAGE(f.path) && !under('src/embedded-mongo')(f.path) && OUTBOX_SHAPES.test(f.source)).map((f) => f.path);
}

describe('the outbox stays in storage', () => {
  it('no file outside src/storage/outbox spells its staging field or update', () => {
    const files = sourceFiles(root).map((path) => ({ path, source: readFileSync(join(root, path), 'utf8') }));
    expect(files.length).toBeGreaterThan(100);
    expect(outboxShapeLeaks(files)).toEqual([]);
  });

  it('catches a repository that strips or pushes the field itself', () => {
    const planted = [
      { path: 'src/storage/repositories/x-repo.ts', source: 'const { _outbox, ...rest } = doc;' },
      { path: 'src/domain/x/y.ts', source: 'await store.finish(id, set, outbox.pushSpec([event]));' },
      { path: 'src/storage/outbox/outbox-store.ts', source: "export const OUTBOX_FIELD = '_outbox';" },
    ];
    expect(outboxShapeLeaks(planted)).toEqual(['src/storage/repositories/x-repo.ts', 'src/domain/x/y.ts']);
  });
});

// A MongoDB update path (`steps.2.status`) used as a key: a computed key or index from a
// template (`[`steps.${i}.status`]: …`, `set[`steps.${i}`] = …`) or a quoted key with a
// position (`'steps.0.scheduledAt': …`). The domain names what changes (a step patch by
// index); the repository spells the path.
const DOTTED_UPDATE_PATH = [/\[\s*`[A-Za-z_]\w*\.\$\{[^`]*`\s*\]\s*(:|=)/, /['"][A-Za-z_]\w*\.\d+(\.\w+)*['"]\s*:/];
export function dottedPathBuilders(files: { path: string; source: string }[]): string[] {
  return files.filter((f) => under('src/domain')(f.path) && !isTest(f.path) && DOTTED_UPDATE_PATH.some((re) => re.test(f.source))).map((f) => f.path);
}

describe('update paths are built in storage', () => {
  it('no domain file builds a dotted update path', () => {
    const files = sourceFiles(root).map((path) => ({ path, source: readFileSync(join(root, path), 'utf8') }));
    expect(dottedPathBuilders(files)).toEqual([]);
  });

  it('catches each form of a dotted update path, and leaves dotted field names in messages alone', () => {
    const planted = [
      { path: 'src/domain/a/computed.ts', source: 'const set = { [`steps.${s.index}.status`]: "failed" };' },
      { path: 'src/domain/a/assigned.ts', source: 'set[`steps.${i}.subject`] = text.subject;' },
      { path: 'src/domain/a/whole-step.ts', source: 'const set = { [`steps.${s.index}`]: sent, updatedAt: now };' },
      { path: 'src/domain/a/quoted.ts', source: "const set = { status: 'active', 'steps.0.scheduledAt': first };" },
      { path: 'src/domain/a/message.ts', source: 'throw validationError(`senders.${channel} names no sender`, { field: `senders.${channel}` });' },
      { path: 'src/storage/repositories/x-repo.ts', source: 'set[`steps.${index}.${field}`] = value;' },
    ];
    expect(dottedPathBuilders(planted)).toEqual([
      'src/domain/a/computed.ts',
      'src/domain/a/assigned.ts',
      'src/domain/a/whole-step.ts',
      'src/domain/a/quoted.ts',
    ]);
  });
});

describe('import rules', () => {
  it('hold for every file under src/', () => {
    expect(violations(graphOf(root), RULES)).toEqual([]);
  });

  it('catch a violation of each rule', () => {
    const planted: Record<string, [string, string]> = {
      'src/embedded-mongo imports nothing of the gateway': ['src/embedded-mongo/x.ts', "import { a } from '../storage/y.ts';"],
      'src/domain imports neither Koa, src/http nor the MongoDB driver': ['src/domain/x/y.ts', "import type { Db } from 'mongodb';"],
      'src/http never imports the MongoDB driver': ['src/http/x.ts', "import { ObjectId } from 'bson';"],
      'Koa stays in src/http (the composition root mounts it)': ['src/storage/x.ts', "import type { Context } from 'koa';"],
      'storage throws typed storage errors, never the API error catalog': [
        'src/storage/repositories/x-repo.ts',
        "import { validationError } from '../../domain/errors.ts';",
      ],
      'the domain reaches webhook dispatch only through the outbox': ['src/domain/x/y.ts', "const d = await import('../../webhooks/dispatcher.ts');"],
      'only storage and the wiring reach the outbox storage': ['src/domain/x/y.ts', "import type { OutboxStore } from '../../storage/outbox/outbox-store.ts';"],
    };
    for (const rule of RULES) {
      const [file, source] = planted[rule.name]!;
      const found = violations(importsOf(file, source, root), [rule]);
      expect(found, rule.name).toHaveLength(1);
    }
  });

  it('reads every import form, and leaves allowed imports alone', () => {
    const source = [
      "import a from './a.ts';",
      "import type { B } from '../b.ts';",
      "export { c } from './c.ts';",
      "import './side.ts';",
      "const d = await import('./d.ts');",
      "import { e } from 'node:fs';",
      "import { f } from '@koa/router/lib/x';",
    ].join('\n');
    const edges = importsOf('src/domain/x/y.ts', source, root);
    expect(edges.map((e) => e.to)).toEqual([
      'src/domain/x/a.ts',
      'src/domain/b.ts',
      'src/domain/x/c.ts',
      'src/domain/x/side.ts',
      'src/domain/x/d.ts',
      'node:fs',
      '@koa/router',
    ]);
    expect(
      violations(
        edges.filter((e) => e.to !== '@koa/router'),
        RULES,
      ),
    ).toEqual([]);
  });
});
