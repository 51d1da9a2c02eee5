import { createHash } from 'node:crypto';
import { deref, type OpenApiDocument } from '../openapi/spec.ts';
import { anchor, esc, prose, schemaHtml, typeLabel } from './schema-html.ts';

// A readable, self-contained API reference rendered from openapi.yaml once at start-up:
// one HTML page with an inline style sheet and no script, so it works on a machine with
// no internet and under a Content-Security-Policy that allows nothing else.

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#fff}
nav{position:fixed;top:0;bottom:0;left:0;width:270px;overflow:auto;background:#f5f6f8;border-right:1px solid #dde;padding:1rem;box-sizing:border-box;font-size:13px}
nav a{display:block;color:#1d2330;text-decoration:none;padding:1px 0}nav a:hover{text-decoration:underline}
nav .tag{font-weight:600;margin-top:.8rem}
main{margin-left:270px;padding:1.5rem 2.5rem;max-width:980px}
h1{margin-top:0}h2{border-bottom:2px solid #dde;padding-bottom:.3rem;margin-top:2.5rem}
section.op{border:1px solid #dde;border-radius:6px;padding:.8rem 1rem;margin:1.2rem 0}
.method{display:inline-block;min-width:4.2em;text-align:center;font-weight:700;border-radius:4px;padding:0 .4em;color:#fff;background:#556;text-transform:uppercase;font-size:12px}
.get{background:#2f7d32}.post{background:#1f5fae}.patch{background:#a35d00}.put{background:#7a4fb3}.delete{background:#b3261e}.event{background:#5b6470}
code{background:#f0f1f4;border-radius:3px;padding:0 .25em;font-size:90%}
.path{font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:600}
.muted{color:#667}.req{color:#b3261e;font-size:12px}.scope{font-size:12px;color:#445;border:1px solid #ccd;border-radius:3px;padding:0 .3em}
.prose{white-space:pre-wrap;margin:.3rem 0}
table{border-collapse:collapse;width:100%;margin:.4rem 0}td,th{border:1px solid #e3e5ea;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:14px}
ul.props,ul.variants{margin:.2rem 0 .2rem 0;padding-left:1.2rem}.type{display:inline}
h4{margin:.8rem 0 .3rem}
`;

type Obj = Record<string, any>;

interface Operation {
  method: string;
  path: string;
  op: Obj;
  pathParams: Obj[];
}

function operationsByTag(doc: OpenApiDocument): Map<string, Operation[]> {
  const byTag = new Map<string, Operation[]>(((doc as Obj).tags ?? []).map((t: Obj) => [t.name as string, []]));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = (item as Obj)[method] as Obj | undefined;
      if (!op) continue;
      const tag = (op.tags?.[0] as string | undefined) ?? 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)?.push({ method, path, op, pathParams: ((item as Obj).parameters ?? []) as Obj[] });
    }
  }
  return byTag;
}

function parametersHtml(doc: OpenApiDocument, params: Obj[]): string {
  if (params.length === 0) return '';
  const rows = params
    .map((p) => deref(doc, p))
    .map((p) => `<tr><td><code>${esc(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ''}</td><td>${esc(p.in)}</td><td>${typeLabel(p.schema)}</td><td>${prose(p.description)}</td></tr>`);
  return `<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Type</th><th>Description</th></tr>${rows.join('')}</table>`;
}

function contentHtml(content: Obj | undefined): string {
  if (!content) return '';
  return Object.entries(content)
    .map(([type, media]) => `<div><span class="muted">${esc(type)}</span> ${schemaHtml((media as Obj).schema)}</div>`)
    .join('');
}

function responsesHtml(doc: OpenApiDocument, responses: Obj | undefined): string {
  const rows = Object.entries(responses ?? {}).map(([status, raw]) => {
    const r = deref(doc, raw as Obj);
    return `<tr><td><strong>${esc(status)}</strong></td><td>${prose(r.description)}${contentHtml(r.content)}</td></tr>`;
  });
  return rows.length ? `<h4>Responses</h4><table>${rows.join('')}</table>` : '';
}

function operationHtml(doc: OpenApiDocument, o: Operation): string {
  const { op } = o;
  const id = String(op.operationId ?? `${o.method} ${o.path}`);
  const scope = op['x-og-scope'] ? ` <span class="scope">scope: ${esc(op['x-og-scope'])}</span>` : '';
  const body = op.requestBody ? deref(doc, op.requestBody as Obj) : undefined;
  return [
    `<section class="op" id="${anchor('op', id)}">`,
    `<div><span class="method ${esc(o.method)}">${esc(o.method)}</span> <span class="path">${esc(o.path)}</span>${scope}${op.deprecated ? ' <span class="req">deprecated</span>' : ''}</div>`,
    `<h3>${esc(op.summary ?? id)} <code>${esc(id)}</code></h3>`,
    prose(op.description),
    parametersHtml(doc, [...o.pathParams, ...((op.parameters ?? []) as Obj[])]),
    body ? `<h4>Request body${body.required ? ' <span class="req">required</span>' : ''}</h4>${prose(body.description)}${contentHtml(body.content)}` : '',
    responsesHtml(doc, op.responses),
    '</section>',
  ].join('\n');
}

function webhooksHtml(doc: OpenApiDocument): string {
  const hooks = Object.entries(doc.webhooks ?? {});
  if (hooks.length === 0) return '';
  const items = hooks.map(([name, item]) => {
    const op = (item as Obj).post as Obj;
    const body = op?.requestBody ? deref(doc, op.requestBody as Obj) : undefined;
    return `<section class="op" id="${anchor('webhook', name)}"><div><span class="method event">event</span> <span class="path">${esc(name)}</span></div><h3>${esc(op?.summary ?? name)}${op?.operationId ? ` <code>${esc(op.operationId)}</code>` : ''}</h3>${prose(op?.description)}${body ? `<h4>Body</h4>${contentHtml(body.content)}` : ''}</section>`;
  });
  return `<h2 id="webhooks">Webhooks</h2><p>What the gateway POSTs to webhook endpoints, signed the Standard Webhooks way.</p>${items.join('\n')}`;
}

function schemasHtml(doc: OpenApiDocument): string {
  const schemas = Object.entries((doc.components?.schemas ?? {}) as Obj);
  const items = schemas.map(([name, s]) => `<section class="op" id="${anchor('schema', name)}"><h3>${esc(name)}</h3>${schemaHtml(s as Obj)}</section>`);
  return `<h2 id="schemas">Schemas</h2>${items.join('\n')}`;
}

function navHtml(byTag: Map<string, Operation[]>, doc: OpenApiDocument): string {
  const links = [...byTag].filter(([, ops]) => ops.length > 0).map(
    ([tag, ops]) =>
      `<a class="tag" href="#${anchor('tag', tag)}">${esc(tag)}</a>${ops.map((o) => `<a href="#${anchor('op', String(o.op.operationId))}">${esc(o.op.summary ?? o.op.operationId)}</a>`).join('')}`,
  );
  const hooks = doc.webhooks ? '<a class="tag" href="#webhooks">Webhooks</a>' : '';
  return `<nav><a href="#top"><strong>${esc((doc as Obj).info?.title ?? 'API')}</strong></a><a href="/openapi.yaml">openapi.yaml</a>${links.join('')}${hooks}<a class="tag" href="#schemas">Schemas</a></nav>`;
}

export interface RenderedReference {
  html: string;
  /** The Content-Security-Policy that lets exactly this page's inline style sheet apply. */
  contentSecurityPolicy: string;
}

export function renderReference(doc: OpenApiDocument): RenderedReference {
  const info = ((doc as Obj).info ?? {}) as Obj;
  const byTag = operationsByTag(doc);
  const tags = new Map<string, Obj>((((doc as Obj).tags ?? []) as Obj[]).map((t) => [t.name as string, t]));
  const sections = [...byTag]
    .filter(([, ops]) => ops.length > 0)
    .map(([tag, ops]) => `<h2 id="${anchor('tag', tag)}">${esc(tag)}</h2>${prose(tags.get(tag)?.description)}${ops.map((o) => operationHtml(doc, o)).join('\n')}`);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title ?? 'API')} ${esc(info.version ?? '')} reference</title>
<style>${STYLE}</style></head>
<body>${navHtml(byTag, doc)}<main id="top"><h1>${esc(info.title ?? 'API')} <span class="muted">${esc(info.version ?? '')}</span></h1>
${prose(info.summary)}${prose(info.description)}<p>The machine-readable spec: <a href="/openapi.yaml">/openapi.yaml</a>.</p>
${sections.join('\n')}
${webhooksHtml(doc)}
${schemasHtml(doc)}
</main></body></html>
`;
  const styleHash = createHash('sha256').update(STYLE).digest('base64');
  const contentSecurityPolicy = [
    "default-src 'none'",
    `style-src 'sha256-${styleHash}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy };
}
