import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Transport, TransportError } from './transport.js';

/** A proxy that refuses: CONNECT answered with `status`, plain requests too. */
async function refusingProxy(status: number): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(status, { 'proxy-authenticate': 'Basic realm="proxy"' });
    response.end('proxy says no');
  });
  server.on('connect', (_request, socket: Socket) => {
    socket.end(`HTTP/1.1 ${status} Refused\r\nProxy-Authenticate: Basic realm="proxy"\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function problemOf(status: number, target: string): Promise<{ id: string; detail: string }> {
  const proxy = await refusingProxy(status);
  const transport = new Transport({
    registry: new URL(target).host,
    timeoutMs: 5000,
    deadline: Date.now() + 10_000,
    proxy: { httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: '', source: 'test' },
  });
  try {
    await transport.request({ method: 'GET', url: target });
    assert.fail('the request went through a refusing proxy');
  } catch (error) {
    assert.ok(error instanceof TransportError, String(error));
    return { id: error.problem.id, detail: error.problem.detail };
  } finally {
    await transport.close();
    proxy.server.close();
  }
}

describe('proxy errors are named as proxy errors', () => {
  it('407 and 502 to CONNECT (https) are proxy errors, not timeouts', async () => {
    const auth = await problemOf(407, 'https://registry.example.com/v2/');
    assert.equal(auth.id, 'proxy-error');
    assert.match(auth.detail, /407 Proxy Authentication Required/);
    const gateway = await problemOf(502, 'https://registry.example.com/v2/');
    assert.equal(gateway.id, 'proxy-error');
    assert.match(gateway.detail, /502/);
  });

  it('407 to a plain-http request through the proxy is a proxy error', async () => {
    const auth = await problemOf(407, 'http://registry.example.com/v2/');
    assert.equal(auth.id, 'proxy-error');
  });
});

describe('a proxy that cannot be reached is named, not the registry', () => {
  it('connection refused by the proxy\'s address is a proxy error naming the proxy', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const transport = new Transport({
      registry: 'registry.example.com',
      timeoutMs: 5000,
      deadline: Date.now() + 10_000,
      proxy: { httpProxy: url, httpsProxy: url, noProxy: '', source: 'test' },
    });
    try {
      await transport.request({ method: 'GET', url: 'https://registry.example.com/v2/' });
      assert.fail('the request went through a proxy that is not listening');
    } catch (error) {
      assert.ok(error instanceof TransportError, String(error));
      assert.equal(error.problem.id, 'proxy-error');
      assert.match(error.problem.detail, new RegExp(`the proxy ${url.replace(/\./g, '\\.')} .*cannot be reached: connection-refused`));
    } finally {
      await transport.close();
    }
  });
});
