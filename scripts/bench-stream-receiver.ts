// The local receiver of bench:stream, in its own process (as a developer's receiver is), so
// its answers do not wait on the gateway's event loop. Prints its port, then records the
// arrival time of each event id (epoch-based high-resolution time, comparable across
// processes); GET /count and GET /arrivals report them.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

const arrivals = new Map<string, number>();
const server = createServer((req, res) => {
  if (req.method === 'GET') {
    const body = req.url === '/count' ? String(arrivals.size) : JSON.stringify(Object.fromEntries(arrivals));
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  req.resume();
  req.on('end', () => {
    const id = String(req.headers['webhook-id']);
    if (!arrivals.has(id)) arrivals.set(id, performance.timeOrigin + performance.now());
    res.writeHead(200).end('ok');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
// Ends with its parent.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
