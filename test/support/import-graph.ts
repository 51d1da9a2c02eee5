// Reads the import graph of src/ without compiling it: every `import … from '…'`,
// `export … from '…'`, side-effect `import '…'` and dynamic `import('…')`, type-only
// imports included (a type from the driver is still a Mongo shape).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface ImportEdge {
  from: string;
  to: string;
  isPackage: boolean;
}
export interface ImportRule {
  name: string;
  files: (path: string) => boolean;
  forbidden: (edge: ImportEdge) => boolean;
}
export interface Violation {
  rule: string;
  from: string;
  to: string;
}

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Every import of one file; relative ones resolved to repository paths with `/`. */
export function importsOf(file: string, source: string, root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const m of source.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    const isPackage = !spec.startsWith('.');
    const to = isPackage
      ? packageName(spec)
      : relative(root, resolve(root, dirname(file), spec))
          .split(sep)
          .join('/');
    edges.push({ from: file, to, isPackage });
  }
  return edges;
}

function packageName(spec: string): string {
  const parts = spec.replace(/^node:/, 'node:').split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export function sourceFiles(root: string, dir = 'src'): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(root, path));
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

export function violations(edges: ImportEdge[], rules: ImportRule[]): Violation[] {
  return rules.flatMap((rule) => edges.filter((e) => rule.files(e.from) && rule.forbidden(e)).map((e) => ({ rule: rule.name, from: e.from, to: e.to })));
}

export function graphOf(root: string): ImportEdge[] {
  return sourceFiles(root).flatMap((file) => importsOf(file, readFileSync(join(root, file), 'utf8'), root));
}
