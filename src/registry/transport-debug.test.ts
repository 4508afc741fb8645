import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Secret } from '../util/secret.js';
import { Transport, type DebugExchange } from './transport.js';

/** --debug sees every exchange; a server that echoes secrets in other spellings must not get them through. */
describe('transport debug output', () => {
  it('masks a password echoed in Go JSON escaping and a token first seen in a redirect Location', async () => {
    const password = 'p&ss<w>rd-canary-debug';
    const redirectToken = 'redirecttokencanary1234567';
    const server = createServer((request, response) => {
      if (request.url === '/start') {
        response.writeHead(307, { location: `/landing?token=${redirectToken}` });
        response.end();
        return;
      }
      // Go's encoding/json escapes &, < and >
      response.writeHead(401, { 'content-type': 'application/json', 'x-echo': `/landing?token=${redirectToken}` });
      response.end(`{"errors":[{"message":"bad password p\\u0026ss\\u003cw\\u003erd-canary-debug","seen":"${redirectToken}"}]}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const exchanges: DebugExchange[] = [];
    const transport = new Transport({
      registry: origin.replace('http://', ''),
      timeoutMs: 5000,
      deadline: Date.now() + 10_000,
      debug: (exchange) => exchanges.push(exchange),
      username: 'alice',
      secrets: [new Secret(password)],
    });
    try {
      await transport.request({ method: 'GET', url: `${origin}/start` });
    } finally {
      await transport.close();
      server.close();
    }
    const shown = JSON.stringify(exchanges);
    assert.ok(exchanges.length === 2, shown);
    assert.ok(!shown.includes(redirectToken), `the redirect token reached debug output: ${shown}`);
    assert.ok(!shown.includes('p\\\\u0026ss'), `the Go-escaped password reached debug output: ${shown}`);
    assert.ok(!shown.includes('canary-debug'), shown);
  });
});
