/** The worker's small HTTP server: Prometheus `/metrics` and a `/health` probe. */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export function startWorkerHttp(registry: Registry, host: string, port: number): Server {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      registry
        .metrics()
        .then((body) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(body);
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    } else if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  server.listen(port, host);
  return server;
}
