// A webhook receiver in plain Node that verifies with the stock `standardwebhooks` package
// (npm install standardwebhooks). Run it, then forward events to it:
//   WEBHOOK_SECRET=whsec_… PORT=3000 node examples/receivers/node-receiver.mjs
//   og-gateway listen --forward-to http://127.0.0.1:3000/webhooks   (prints the whsec_ to use)
import { createServer } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error('set WEBHOOK_SECRET to the whsec_… secret of the endpoint (or of og-gateway listen)');
  process.exit(2);
}
const webhook = new Webhook(secret);
const seen = new Set(); // deliveries can repeat: dedupe on webhook-id (keep this in a store in production)

const server = createServer((req, res) => {
  if (req.method !== 'POST') return res.writeHead(405).end();
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > 1 << 20) req.destroy();
    else chunks.push(c);
  });
  req.on('end', () => {
    // Verify the raw bytes exactly as received: re-serialized JSON would not match.
    const body = Buffer.concat(chunks).toString('utf8');
    let event;
    try {
      event = webhook.verify(body, {
        'webhook-id': req.headers['webhook-id'] ?? '',
        'webhook-timestamp': req.headers['webhook-timestamp'] ?? '',
        'webhook-signature': req.headers['webhook-signature'] ?? '',
      });
    } catch (err) {
      console.log(`rejected: ${err instanceof WebhookVerificationError ? err.message : 'unreadable request'}`);
      return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
    }
    const duplicate = seen.has(event.id);
    seen.add(event.id);
    console.log(`${duplicate ? 'duplicate' : 'received'} ${event.type} ${event.id}`);
    res.writeHead(204).end();
  });
});
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`listening on http://${process.env.HOST ?? '127.0.0.1'}:${server.address().port}/webhooks`);
});
