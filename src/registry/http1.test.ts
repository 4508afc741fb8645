import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { Http1Connection, serializeRequest, type Http1Answer } from './http1.js';

/**
 * The wire protocol against a TCP server that answers each request with given bytes (split into
 * pieces, to be read across many reads), then does what the case says with the connection.
 */
interface Script {
  /** one answer per request, in order; a string is sent whole, an array piece by piece */
  answers: Array<string | string[]>;
  /** after the last answer: close the connection (default: keep it) */
  closeAfter?: boolean;
}

const servers: Server[] = [];
const sockets: Socket[] = [];
after(() => {
  // a failed case may leave its connection open: nothing here may keep the test process alive
  for (const socket of sockets) socket.destroy();
  for (const server of servers) server.close();
});

async function serve(script: Script): Promise<{ port: number; requests: string[]; connections: () => number }> {
  const requests: string[] = [];
  let connections = 0;
  const server = createServer((socket: Socket) => {
    sockets.push(socket);
    connections += 1;
    let pending = '';
    let answered = 0;
    socket.on('error', () => undefined);
    socket.on('data', async (chunk) => {
      pending += chunk.toString('latin1');
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = pending.slice(0, end);
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        requests.push(pending.slice(0, end + 4 + length));
        pending = pending.slice(end + 4 + length);
        const answer = script.answers[answered++];
        if (answer === undefined) return;
        for (const piece of Array.isArray(answer) ? answer : [answer]) {
          socket.write(piece);
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (answered === script.answers.length && script.closeAfter === true) socket.end();
      }
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, requests, connections: () => connections };
}

async function open(port: number): Promise<Http1Connection> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  await once(socket, 'connect');
  return new Http1Connection(socket);
}

function get(connection: Http1Connection, method = 'GET', maxBody = 1024): Promise<Http1Answer> {
  return connection.exchange({ method, target: '/v2/', headers: { host: 'registry.test', 'user-agent': 'regauth' } }, maxBody, () => undefined);
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: String((error as { code?: unknown }).code), message: (error as Error).message };
  }
  assert.fail('the exchange succeeded');
}

describe('http1: answers framed every way a registry frames them', () => {
  it('Content-Length, kept for the next request on the same connection', async () => {
    const server = await serve({ answers: ['HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm="a"\r\nWWW-Authenticate: Basic realm="b"\r\nContent-Length: 2\r\n\r\n{}', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'] });
    const connection = await open(server.port);
    const first = await get(connection);
    assert.deepEqual([first.status, first.headers['www-authenticate'], first.read.text], [401, ['Bearer realm="a"', 'Basic realm="b"'], '{}']);
    assert.equal(connection.usable, true);
    const second = await get(connection);
    assert.equal(second.status, 200);
    assert.equal(server.connections(), 1);
    assert.match(server.requests[0] ?? '', /^GET \/v2\/ HTTP\/1\.1\r\nhost: registry\.test\r\nuser-agent: regauth\r\n\r\n$/);
    connection.destroy();
  });

  it('chunked, with extensions and a trailer, read across many small reads', async () => {
    const body = ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', '4;ext=1\r\n{"a"', '\r\n', '5\r\n:"b"}\r\n', '0\r\n', 'X-Trailer: 1\r\n', '\r\n'];
    const server = await serve({ answers: [body, 'HTTP/1.1 204 No Content\r\n\r\n'] });
    const connection = await open(server.port);
    const answer = await get(connection);
    assert.deepEqual([answer.status, answer.read.text, answer.read.bytes], [200, '{"a":"b"}', 9]);
    assert.equal((await get(connection)).status, 204);
    connection.destroy();
  });

  it('HEAD has no body whatever its headers say, and keeps the connection', async () => {
    const server = await serve({ answers: ['HTTP/1.1 200 OK\r\nContent-Length: 5120\r\nDocker-Content-Digest: sha256:x\r\n\r\n', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx'] });
    const connection = await open(server.port);
    const answer = await get(connection, 'HEAD');
    assert.deepEqual([answer.status, answer.read.text, answer.headers['docker-content-digest']], [200, '', ['sha256:x']]);
    assert.equal((await get(connection)).read.text, 'x');
    assert.equal(server.connections(), 1);
    connection.destroy();
  });

  it('an interim 100 Continue is skipped', async () => {
    const server = await serve({ answers: ['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nLocation: /u/1\r\nContent-Length: 0\r\n\r\n'] });
    const connection = await open(server.port);
    const answer = await get(connection);
    assert.deepEqual([answer.status, answer.headers['location']], [202, ['/u/1']]);
    connection.destroy();
  });

  it('no length: the body runs to the end of the connection, which is not kept', async () => {
    const server = await serve({ answers: [['HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html>', 'proxy page</html>']], closeAfter: true });
    const connection = await open(server.port);
    const answer = await get(connection);
    assert.deepEqual([answer.status, answer.read.text], [200, '<html>proxy page</html>']);
    assert.equal(connection.usable, false);
  });

  it('Connection: close is obeyed', async () => {
    const server = await serve({ answers: ['HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok'] });
    const connection = await open(server.port);
    assert.equal((await get(connection)).read.text, 'ok');
    assert.equal(connection.usable, false);
  });

  it('a body over the cap is cut there, and the connection goes with it', async () => {
    const server = await serve({ answers: [`HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n${'a'.repeat(100)}`] });
    const connection = await open(server.port);
    const answer = await get(connection, 'GET', 10);
    assert.deepEqual([answer.read.text, answer.read.bytes, answer.read.truncated], ['a'.repeat(10), 10, true]);
    assert.equal(connection.usable, false);
  });
});

describe('http1: a kept connection', () => {
  it('does not keep the process alive once its exchange is done (as node:http\'s agent does not)', async () => {
    const server = await serve({ answers: ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'] });
    const module = JSON.stringify(new URL('./http1.js', import.meta.url).href);
    const script = `import(${module}).then(async ({ Http1Connection }) => { const socket = require('node:net').connect(${server.port}, '127.0.0.1'); await require('node:events').once(socket, 'connect'); const answer = await new Http1Connection(socket).exchange({ method: 'GET', target: '/v2/', headers: { host: 'x' } }, 1024, () => undefined); process.stdout.write(answer.read.text); })`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    clearTimeout(killer);
    assert.deepEqual([code, signal, stdout], [0, null, 'ok'], 'the process stayed alive with the idle connection');
  });
});

describe('http1: broken answers fail as Node reports them', () => {
  it('a connection closed before any answer: ECONNRESET "socket hang up"', async () => {
    const server = await serve({ answers: [''], closeAfter: true });
    assert.deepEqual(await failure(get(await open(server.port))), { code: 'ECONNRESET', message: 'socket hang up' });
  });

  it('a connection closed in the middle of the body', async () => {
    const server = await serve({ answers: ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'], closeAfter: true });
    assert.deepEqual(await failure(get(await open(server.port))), { code: 'ECONNRESET', message: 'the connection closed in the middle of the answer' });
  });

  it('something that is not HTTP', async () => {
    const server = await serve({ answers: ['SSH-2.0-OpenSSH_9.6\r\n\r\n'] });
    assert.deepEqual(await failure(get(await open(server.port))), { code: 'HPE_INVALID_CONSTANT', message: 'Parse Error: Expected HTTP/' });
  });

  it('two different lengths', async () => {
    const server = await serve({ answers: ['HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'] });
    assert.equal((await failure(get(await open(server.port)))).code, 'HPE_UNEXPECTED_CONTENT_LENGTH');
  });

  it('a bad chunk size', async () => {
    const server = await serve({ answers: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'] });
    assert.equal((await failure(get(await open(server.port)))).code, 'HPE_INVALID_CHUNK_SIZE');
  });
});

describe('http1: requests', () => {
  it('a header value with a line break is refused before anything is sent, as node:http refuses it', () => {
    assert.throws(() => serializeRequest({ method: 'GET', target: '/v2/', headers: { authorization: 'Bearer x\r\nX-Injected: 1' } }), { code: 'ERR_INVALID_CHAR' });
    assert.throws(() => serializeRequest({ method: 'GET', target: '/v2/ x', headers: {} }), { code: 'ERR_UNESCAPED_CHARACTERS' });
  });

  it('a body goes after the head, as UTF-8', () => {
    const bytes = serializeRequest({ method: 'POST', target: '/token', headers: { 'content-length': '5' }, body: 'a=é&' });
    assert.equal(bytes.toString('utf8'), 'POST /token HTTP/1.1\r\ncontent-length: 5\r\n\r\na=é&');
  });
});
