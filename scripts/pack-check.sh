#!/usr/bin/env bash
# Packs the package as it would be published (npm pack runs the build), installs the
# tarball into an empty directory, starts `npx og-gateway start` on the embedded database
# and waits for /readyz, then checks /docs, then imports `og-gateway/client` from the
# installed package (a call through the typed client, a webhook verified, and a TypeScript
# consumer type-checked against the shipped declarations). Proves the installed package
# runs with plain node from dist/. Needs the package registry for the dependencies, so it is kept out of
# `npm test`. Usage: scripts/pack-check.sh   (exit 0 when the installed gateway served)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/og-pack-check.XXXXXX")"
PID=""
cleanup() {
  # npx runs the gateway as its child: the whole process group this script made goes.
  if [[ -n "$PID" ]] && kill -0 -- "-$PID" 2>/dev/null; then
    kill -TERM -- "-$PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 -- "-$PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "pack-check: packing (builds dist/)"
(cd "$ROOT" && npm pack --silent --pack-destination "$WORK" >/dev/null)
TARBALL="$(ls "$WORK"/og-gateway-*.tgz)"
# Listed once into a file: grep -q closing a pipe early would fail the pipeline.
tar -tzf "$TARBALL" >"$WORK/contents.txt"
if grep -q '^package/src/' "$WORK/contents.txt"; then echo "pack-check: the tarball ships src/" >&2; exit 1; fi
grep -q '^package/dist/cli.js$' "$WORK/contents.txt" || { echo "pack-check: dist/cli.js missing from the tarball" >&2; exit 1; }
grep -q '^package/LICENSE$' "$WORK/contents.txt" || { echo "pack-check: LICENSE missing from the tarball" >&2; exit 1; }

echo "pack-check: installing $(basename "$TARBALL") into an empty directory"
mkdir "$WORK/app"
cd "$WORK/app"
npm init -y >/dev/null
timeout 600 npm install --omit=dev --no-audit --no-fund --loglevel=error "$TARBALL" >/dev/null

PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
echo "pack-check: npx og-gateway start on 127.0.0.1:$PORT"
npx og-gateway --help >/dev/null
npx og-gateway trigger --list | grep -q '^webhook.endpoint.disabled ' || { echo "pack-check: og-gateway trigger --list failed from the installed package" >&2; exit 1; }
PORT="$PORT" HOST=127.0.0.1 OG_DATA_DIR="$WORK/data" MONGODB_URI= LOG_LEVEL=warn \
  setsid npx --no-install og-gateway start >"$WORK/gateway.log" 2>&1 &
PID=$!

deadline=$((SECONDS + 90))
until curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do
  if ! kill -0 -- "-$PID" 2>/dev/null; then echo "pack-check: the gateway exited" >&2; cat "$WORK/gateway.log" >&2; exit 1; fi
  if (( SECONDS > deadline )); then echo "pack-check: /readyz not ready in 90 s" >&2; cat "$WORK/gateway.log" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/docs" >"$WORK/docs.html"
grep -q 'id="op-getReadiness"' "$WORK/docs.html" || { echo "pack-check: /docs did not answer the reference" >&2; exit 1; }

echo "pack-check: importing og-gateway/client from the installed package"
cat >"$WORK/app/client-check.mjs" <<'JS'
import { createClient, verifyWebhook, Webhook, WebhookVerificationError } from 'og-gateway/client';
import * as main from 'og-gateway';
const og = createClient({ baseUrl: process.argv[2] });
const { data, response } = await og.GET('/readyz');
if (response.status !== 200 || data?.status !== 'ready') throw new Error(`readyz through the client: ${response.status}`);
const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
const body = JSON.stringify({ type: 'webhook.test', id: 'evt_pack', timestamp: new Date().toISOString(), data: {} });
const ts = new Date();
const headers = { 'webhook-id': 'evt_pack', 'webhook-timestamp': String(Math.floor(ts.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign('evt_pack', ts, body) };
if (verifyWebhook(secret, body, headers).id !== 'evt_pack') throw new Error('verifyWebhook');
let refused = false;
try { verifyWebhook(secret, body + ' ', headers); } catch (err) { refused = err instanceof WebhookVerificationError; }
if (!refused) throw new Error('a tampered body was accepted');
if (main.createClient !== createClient) throw new Error('the main entry does not export the client');
console.log('client ok');
JS
node "$WORK/app/client-check.mjs" "http://127.0.0.1:$PORT"
cat >"$WORK/app/consumer.ts" <<'TS'
import { createClient, verifyWebhook, type WebhookEvent } from 'og-gateway/client';
const og = createClient({ baseUrl: 'http://127.0.0.1:8080', apiKey: 'og_live_x' });
export async function latest(): Promise<string | undefined> {
  const { data } = await og.GET('/api/v2/events', { params: { query: { type: 'sequence.*', limit: 10 } } });
  return data?.items[0]?.id;
}
// @ts-expect-error an unknown path is a compile error (the types really arrived)
void og.GET('/api/v2/no-such-path');
export function handle(body: string, headers: Record<string, string>): string {
  const event: WebhookEvent = verifyWebhook('whsec_x', body, headers);
  return event.type === 'table.run.completed' ? event.data.table_id : event.id;
}
TS
cat >"$WORK/app/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true, "noEmit": true, "skipLibCheck": true, "lib": ["ES2022", "DOM"], "types": [] }, "files": ["consumer.ts"] }
JSON
node "$ROOT/node_modules/typescript/bin/tsc" -p "$WORK/app/tsconfig.json" || { echo "pack-check: a TypeScript consumer of og-gateway/client does not type-check" >&2; exit 1; }
echo "pack-check: ok (/readyz ready, /docs served, og-gateway/client imported and type-checked from the installed package)"
