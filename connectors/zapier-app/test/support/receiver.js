'use strict';

// A local HTTP server standing in for Zapier's hook URLs: records every request (headers and
// the exact body bytes) and answers 200, or the status a test set for a path, or what a
// handler set for a path answers (support/oauth.js: a provider's token endpoint).

const http = require('http');

const startReceiver = async () => {
  const received = [];
  const waiters = [];
  const statusFor = new Map();
  const handlers = new Map();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const hit = { method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      received.push(hit);
      const handler = handlers.get(req.url.split('?')[0]);
      const status = handler ? null : statusFor.get(req.url) || 200;
      const answer = handler ? handler(hit) : { status, body: { status: status === 200 ? 'success' : 'gone' } };
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
      waiters.slice().forEach((w) => {
        if (w.match(hit)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(hit);
        }
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;

  // Resolves with the first request (already received or still to come) that matches.
  const waitFor = (match, timeoutMs = 20000, what = 'a delivery') => {
    const already = received.find(match);
    if (already) {
      return Promise.resolve(already);
    }
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      waiters.push(waiter);
      setTimeout(() => {
        const i = waiters.indexOf(waiter);
        if (i >= 0) {
          waiters.splice(i, 1);
          reject(new Error(`No ${what} within ${timeoutMs} ms; received: ${received.map((r) => r.path).join(', ') || 'nothing'}`));
        }
      }, timeoutMs);
    });
  };

  return {
    url,
    received,
    waitFor,
    answer: (path, status) => statusFor.set(path, status),
    // handler(hit) → { status, body }
    respond: (path, handler) => handlers.set(path, handler),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
};

module.exports = { startReceiver };
