import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';
import { methodNotAllowed, notFound } from '../../domain/errors.ts';

/** The console's files: beside openapi.yaml in a checkout and in the package alike. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

// Every script and style comes from the gateway itself; nothing inline, nothing remote.
// The console talks only to this origin's API; only the listed origins may frame it.
export const consoleCsp = (frameAncestors: string[] = []): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * Reads the whole folder once. A request is answered from this table only, looked up by
 * its exact relative path, so no request path can name a file outside the folder.
 */
export function loadAssets(dir: string, generated: Record<string, string> = {}): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const add = (rel: string, body: Buffer): void => {
    const type = CONTENT_TYPES[extname(rel).toLowerCase()];
    if (!type) return;
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    assets.set(rel, { body, type, etag });
  };
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      if (name.startsWith('.')) continue;
      const full = join(folder, name);
      const stat = lstatSync(full);
      // Links are skipped: nothing outside the folder is served, and no loop is followed.
      if (stat.isSymbolicLink()) continue;
      if (stat.isDirectory()) {
        walk(full);
        continue;
      }
      add(relative(dir, full).split(sep).join('/'), readFileSync(full));
    }
  };
  walk(dir);
  for (const [rel, text] of Object.entries(generated)) add(rel, Buffer.from(text));
  return assets;
}

function commonHeaders(type: string, csp: string): Record<string, string> {
  return {
    'content-type': type,
    // Names carry no content hash: a browser revalidates each time (a 304 when unchanged).
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'content-security-policy': csp,
  };
}

export interface ConsoleAssetsOptions {
  dir: string;
  mount?: string;
  /** Files made at boot (relative path → text), served like the folder's own. */
  generated?: Record<string, string>;
  /** Origins that may show the console in a frame (an embedded portal). */
  frameAncestors?: string[];
}

/** Serves the console's static files under `mount` (`/console` → `/console/`, the page). */
export function consoleAssets(opts: ConsoleAssetsOptions): Middleware {
  const mount = opts.mount ?? '/console';
  const assets = loadAssets(opts.dir, opts.generated);
  const csp = consoleCsp(opts.frameAncestors);
  return async (ctx, next) => {
    if (ctx.path !== mount && !ctx.path.startsWith(`${mount}/`)) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.set('allow', 'GET, HEAD');
      throw methodNotAllowed();
    }
    if (ctx.path === mount) {
      ctx.status = 308;
      ctx.set('location', `${mount}/${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      return;
    }
    const rel = ctx.path.slice(mount.length + 1) || 'index.html';
    const asset = assets.get(rel);
    if (!asset) throw notFound('NOT_FOUND', `No console file at ${ctx.path}`);
    for (const [name, value] of Object.entries(commonHeaders(asset.type, csp))) ctx.set(name, value);
    ctx.set('etag', asset.etag);
    if (ctx.get('if-none-match') === asset.etag) {
      ctx.status = 304;
      return;
    }
    ctx.status = 200;
    ctx.body = asset.body;
  };
}

/** What the console's pickers offer, taken from the spec so they never drift from it. */
export function consoleCatalog(doc: { components: Record<string, Record<string, unknown>> }): string {
  const schemas = doc.components.schemas as Record<string, { enum?: string[] } | undefined>;
  return JSON.stringify({
    subscriptions: schemas.WebhookSubscription?.enum ?? [],
    eventTypes: schemas.WebhookEventType?.enum ?? [],
    triggerActions: schemas.TriggerAction?.enum ?? [],
  });
}
