import type { Socket } from 'node:net';

/**
 * HTTP/1.1 on one connection, the part a registry check speaks: one request at a time, the
 * answer framed by Content-Length, chunked transfer coding, or the end of the connection (RFC
 * 9112 §6.3), a 1xx answer skipped, no body for HEAD, 204 and 304. The connection is kept for
 * the next request unless the answer says otherwise, as Go's client keeps it.
 *
 * node:http would do the same with far more machinery: loading it and sending its first request
 * costs a process ~3 ms, a good part of a whole check against a nearby registry. Errors carry the
 * codes and messages of Node's parser and client ("HPE_…", "Parse Error: …", ECONNRESET "socket
 * hang up"), so they are classified and reported as before.
 */

export interface Http1Request {
  method: string;
  /** origin form (`/v2/`) or, through a proxy, absolute form */
  target: string;
  /** lower-case names; Host among them */
  headers: Readonly<Record<string, string>>;
  body?: string;
}

export interface Http1Answer {
  status: number;
  /** lower-cased names, every occurrence kept */
  headers: Record<string, string[]>;
  read: { text: string; bytes: number; truncated: boolean };
}

/** A response head larger than this is refused, as Node's parser refuses one over its limit. */
const MAX_HEAD_BYTES = 16 * 1024;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Node's checks (_http_outgoing.js, _http_client.js) */
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const INVALID_TARGET = /[^\u0021-\u00ff]/;

function parseError(code: string, reason: string): Error {
  return Object.assign(new Error(`Parse Error: ${reason}`), { code });
}

function hangUp(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

function cutShort(): Error {
  return Object.assign(new Error('the connection closed in the middle of the answer'), { code: 'ECONNRESET' });
}

/** The request's bytes; invalid names, values or targets are refused as node:http refuses them. */
export function serializeRequest(request: Http1Request): Buffer {
  if (!TOKEN.test(request.method)) throw Object.assign(new TypeError(`Method must be a valid HTTP token ["${request.method}"]`), { code: 'ERR_INVALID_HTTP_TOKEN' });
  if (INVALID_TARGET.test(request.target)) throw Object.assign(new TypeError('Request path contains unescaped characters'), { code: 'ERR_UNESCAPED_CHARACTERS' });
  let head = `${request.method} ${request.target} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(request.headers)) {
    if (!TOKEN.test(name)) throw Object.assign(new TypeError(`Header name must be a valid HTTP token ["${name}"]`), { code: 'ERR_INVALID_HTTP_TOKEN' });
    if (INVALID_HEADER_VALUE.test(value)) throw Object.assign(new TypeError(`Invalid character in header content ["${name}"]`), { code: 'ERR_INVALID_CHAR' });
    head += `${name}: ${value}\r\n`;
  }
  head += '\r\n';
  const headBytes = Buffer.from(head, 'latin1');
  return request.body === undefined ? headBytes : Buffer.concat([headBytes, Buffer.from(request.body, 'utf8')]);
}

interface Head {
  status: number;
  version: '1.0' | '1.1';
  headers: Record<string, string[]>;
}

/** A response head: its text up to, not including, the blank line that ends it. */
function parseHead(text: string): Head {
  const lines = text.split(/\r?\n/);
  const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
  if (statusLine === null) {
    if (!(lines[0] ?? '').startsWith('HTTP/')) throw parseError('HPE_INVALID_CONSTANT', 'Expected HTTP/');
    throw parseError('HPE_INVALID_STATUS', 'Invalid status code');
  }
  const headers: Record<string, string[]> = {};
  let last: string[] | null = null;
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line) && last !== null) {
      // an obsolete line folding continues the previous value
      last[last.length - 1] = `${last[last.length - 1] ?? ''} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon <= 0 ? '' : line.slice(0, colon);
    if (!TOKEN.test(name)) throw parseError('HPE_INVALID_HEADER_TOKEN', 'Invalid header token');
    const value = line.slice(colon + 1).trim();
    if (/[\0\r\n]/.test(value)) throw parseError('HPE_INVALID_HEADER_TOKEN', 'Invalid header value char');
    last = headers[name.toLowerCase()] ??= [];
    last.push(value);
  }
  return { status: Number(statusLine[2]), version: statusLine[1] === '1' ? '1.1' : '1.0', headers };
}

/** How the body after a head ends (RFC 9112 §6.3). */
type Framing = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

function framingOf(method: string, head: Head): Framing {
  if (method === 'HEAD' || head.status === 204 || head.status === 304) return { kind: 'none' };
  const codings = head.headers['transfer-encoding'];
  if (codings !== undefined) {
    const last = codings.join(',').split(',').map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== '').at(-1);
    return last === 'chunked' ? { kind: 'chunked' } : { kind: 'close' };
  }
  const lengths = head.headers['content-length'];
  if (lengths !== undefined) {
    const values = new Set(lengths.flatMap((value) => value.split(',')).map((value) => value.trim()));
    if (values.size > 1) throw parseError('HPE_UNEXPECTED_CONTENT_LENGTH', 'Duplicate Content-Length');
    const [value] = values;
    if (value === undefined || !/^\d+$/.test(value)) throw parseError('HPE_INVALID_CONTENT_LENGTH', 'Invalid character in Content-Length');
    return { kind: 'length', length: Number(value) };
  }
  return { kind: 'close' };
}

/** Whether the connection may carry another request after this answer. */
function keepsConnection(head: Head, framing: Framing): boolean {
  if (framing.kind === 'close') return false;
  const tokens = (head.headers['connection'] ?? []).join(',').toLowerCase().split(',').map((token) => token.trim());
  if (tokens.includes('close')) return false;
  return head.version === '1.1' || tokens.includes('keep-alive');
}

/**
 * Decodes a chunked body from `data` (bytes after the head so far): the body bytes, and whether
 * the last chunk and the trailer were read.
 */
function decodeChunked(data: Buffer): { chunks: Buffer[]; done: boolean } {
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at, 'latin1');
    if (lineEnd === -1) return { chunks, done: false };
    const sizeText = data.toString('latin1', at, lineEnd).split(';')[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw parseError('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size');
    const size = parseInt(sizeText, 16);
    if (size === 0) {
      // trailer fields, then a blank line
      let line = lineEnd + 2;
      for (;;) {
        const end = data.indexOf('\r\n', line, 'latin1');
        if (end === -1) return { chunks, done: false };
        if (end === line) return { chunks, done: true };
        line = end + 2;
      }
    }
    const start = lineEnd + 2;
    if (data.length < start + size + 2) return { chunks, done: false };
    if (data[start + size] !== 0x0d || data[start + size + 1] !== 0x0a) throw parseError('HPE_STRICT', 'Expected CRLF after chunk');
    chunks.push(data.subarray(start, start + size));
    at = start + size + 2;
  }
}

export class Http1Connection {
  readonly #socket: Socket;
  #open = true;
  #busy = false;

  constructor(socket: Socket) {
    this.#socket = socket;
    // a server may close a kept connection while it waits for the next request; bytes nobody
    // asked for make it useless too
    const closed = (): void => {
      if (!this.#busy) this.#open = false;
    };
    socket.on('end', closed);
    socket.on('close', closed);
    socket.on('error', closed);
    socket.on('data', () => {
      if (!this.#busy) this.destroy();
    });
  }

  /** Whether another request may go out on this connection. */
  get usable(): boolean {
    return this.#open && !this.#socket.destroyed;
  }

  destroy(): void {
    this.#open = false;
    this.#socket.destroy();
  }

  /**
   * Sends the request and reads its answer; the body is read up to `maxBody` bytes (the rest is
   * never read, and the connection goes with it). `onHead` is called once the head is read.
   */
  exchange(request: Http1Request, maxBody: number, onHead: () => void): Promise<Http1Answer> {
    const bytes = serializeRequest(request);
    const socket = this.#socket;
    this.#busy = true;
    return new Promise<Http1Answer>((resolve, reject) => {
      // what has arrived, in a buffer that doubles when full (a reallocation per read would copy a
      // long answer over and over); `received` is its filled part, from the current head on
      let storage = Buffer.allocUnsafe(0);
      let filled = 0;
      let headStart = 0;
      let received: Buffer = storage;
      let head: Head | null = null;
      let framing: Framing = { kind: 'none' };
      let bodyStart = 0;
      let settled = false;

      const cleanup = (): void => {
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('close', onEnd);
        socket.off('error', onError);
        this.#busy = false;
      };
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        cleanup();
        this.destroy();
        reject(error);
      };
      const succeed = (body: Buffer[], truncated: boolean, keep: boolean): void => {
        if (settled || head === null) return;
        settled = true;
        cleanup();
        // a kept connection waiting for the next request does not keep the process alive (as with node:http's agent)
        if (keep) socket.unref();
        else this.destroy();
        const text = Buffer.concat(body);
        resolve({ status: head.status, headers: head.headers, read: { text: text.toString('utf8'), bytes: text.length, truncated } });
      };
      /** the body so far, capped; resolves when it is complete (or `ended` says the connection is) */
      const readBody = (ended: boolean): void => {
        if (head === null) return;
        const data = received.subarray(bodyStart);
        let body: Buffer[];
        let complete: boolean;
        let extra = false;
        switch (framing.kind) {
          case 'none':
            body = [];
            complete = true;
            extra = data.length > 0;
            break;
          case 'length':
            body = [data.subarray(0, framing.length)];
            complete = data.length >= framing.length;
            extra = data.length > framing.length;
            break;
          case 'chunked': {
            const decoded = decodeChunked(data);
            body = decoded.chunks;
            complete = decoded.done;
            break;
          }
          case 'close':
            body = [data];
            complete = ended;
            break;
        }
        const length = body.reduce((sum, chunk) => sum + chunk.length, 0);
        if (length > maxBody) {
          succeed([Buffer.concat(body).subarray(0, maxBody)], true, false);
          return;
        }
        if (complete) {
          succeed(body, false, !extra && !ended && keepsConnection(head, framing));
          return;
        }
        if (ended) fail(cutShort());
      };
      const readHead = (): void => {
        for (;;) {
          const crlf = received.indexOf('\r\n\r\n');
          const lf = received.indexOf('\n\n');
          const end = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf : lf;
          if (end === -1) {
            if (received.length > MAX_HEAD_BYTES) throw parseError('HPE_HEADER_OVERFLOW', 'Header overflow');
            return;
          }
          const parsed = parseHead(received.toString('latin1', 0, end));
          const next = end + (end === crlf ? 4 : 2);
          if (parsed.status >= 100 && parsed.status < 200) {
            // an interim answer (100 Continue, 103 Early Hints): the real one follows
            headStart += next;
            received = storage.subarray(headStart, filled);
            continue;
          }
          head = parsed;
          bodyStart = next;
          framing = framingOf(request.method, parsed);
          onHead();
          return;
        }
      };
      const onData = (chunk: Buffer): void => {
        if (filled + chunk.length > storage.length) {
          const grown = Buffer.allocUnsafe(Math.max(2 * storage.length, filled + chunk.length, 4096));
          storage.copy(grown, 0, 0, filled);
          storage = grown;
        }
        chunk.copy(storage, filled);
        filled += chunk.length;
        received = storage.subarray(headStart, filled);
        try {
          if (head === null) readHead();
          readBody(false);
        } catch (error) {
          fail(error as Error);
        }
      };
      const onEnd = (): void => {
        if (head === null) {
          fail(hangUp());
          return;
        }
        try {
          readBody(true);
        } catch (error) {
          fail(error as Error);
        }
      };
      const onError = (error: Error): void => fail(error);

      socket.on('data', onData);
      socket.on('end', onEnd);
      socket.on('close', onEnd);
      socket.on('error', onError);
      socket.ref();
      socket.write(bytes);
    });
  }
}
