import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { EventEmitter } from 'node:events';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type SecureContext, type TLSSocket } from 'node:tls';
import { isLoopbackAddress } from './endpoint.js';
import { proxyAuthorization } from './proxy.js';

/**
 * Opening one connection for the transport, step by step: TCP (with `hosts` overrides), the
 * loopback-peer check, a proxy (HTTP CONNECT tunnel for https, the proxy itself for http, over
 * TLS when the proxy URL says https), then TLS to the registry. Each step is recorded, so a
 * timeout can name where it stood.
 */

/** How far one connection got. */
export interface ConnectionProgress {
  tcp: boolean;
  tls: boolean;
  /** the socket of the step under way, destroyed when the request's time runs out */
  socket: Socket | null;
}

/** The TLS side of a connection to an https origin. */
export interface TlsPlan {
  verify: boolean;
  /**
   * The context to verify with: `narrow` asks for the one built from the trust anchors last seen
   * for this host, undefined when there is none; a chain it cannot verify is verified again with
   * the full trust store, so the outcome is always the full store's.
   */
  context(narrow: boolean): SecureContext | undefined;
  /** a verified handshake with the full store: its chain tells which anchors to remember */
  verified(socket: TLSSocket): void;
}

export interface ConnectPlan {
  /** URL host name, IPv6 in brackets */
  hostname: string;
  port: number;
  proxy: URL | null;
  hosts?: Readonly<Record<string, string>>;
  /** refuse (before a byte is sent) a peer that is not a loopback address */
  loopbackPeer: boolean;
  /** null for plain http */
  tls: TlsPlan | null;
}

/** The connection for a request with credentials went to an address off this machine. */
export class PeerNotLoopbackError extends Error {
  readonly address: string;
  constructor(address: string) {
    super(`connected to ${address}, which is not a loopback address`);
    this.name = 'PeerNotLoopbackError';
    this.address = address;
  }
}

/** The proxy answered a CONNECT with something other than 2xx. */
export class ProxyRefusedError extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`the proxy answered CONNECT with status ${status}`);
    this.name = 'ProxyRefusedError';
    this.status = status;
  }
}

type LookupCallback = (...args: unknown[]) => void;

function overridingLookup(hosts: Readonly<Record<string, string>>) {
  return (hostname: string, opts: { all?: boolean }, callback: LookupCallback): void => {
    const address = hosts[hostname];
    if (address === undefined) {
      dnsLookup(hostname, opts as never, callback as never);
      return;
    }
    const family = isIP(address) || 4;
    if (opts.all) callback(null, [{ address, family } satisfies LookupAddress]);
    else callback(null, address, family);
  };
}

/** Resolves on `event`, rejects on an error or a close before it. */
function settle(emitter: EventEmitter, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      emitter.off(event, onDone);
      emitter.off('error', onError);
      emitter.off('close', onClose);
    };
    const onDone = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      cleanup();
      reject(Object.assign(new Error('the connection closed before it was set up'), { code: 'ECONNRESET' }));
    };
    emitter.on(event, onDone);
    emitter.on('error', onError);
    emitter.on('close', onClose);
  });
}

const bare = (hostname: string): string => hostname.replace(/^\[|\]$/g, '');

function startTls(socket: Socket, hostname: string, options: { secureContext?: SecureContext; rejectUnauthorized: boolean }): TLSSocket {
  const host = bare(hostname);
  return tlsConnect({ socket, host, ...(isIP(host) === 0 ? { servername: host } : {}), ...options });
}

const MAX_PROXY_HEAD = 64 * 1024;

/** Asks the proxy for a tunnel to host:port; resolves once it answered 2xx. */
function tunnel(stream: Socket, authority: string, authorization: string | null): Promise<void> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_PROXY_HEAD) onError(new Error('the proxy answered CONNECT with an endless header'));
        return;
      }
      cleanup();
      stream.pause();
      const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (status < 200 || status > 299) {
        stream.destroy();
        reject(new ProxyRefusedError(status));
        return;
      }
      if (end + 4 < head.length) stream.unshift(head.subarray(end + 4));
      resolve();
    };
    const onError = (error: Error): void => {
      cleanup();
      stream.destroy();
      reject(error);
    };
    const onClose = (): void => onError(Object.assign(new Error('the proxy closed the connection before answering CONNECT'), { code: 'ECONNRESET' }));
    stream.on('data', onData);
    stream.on('error', onError);
    stream.on('close', onClose);
    stream.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${authorization === null ? '' : `Proxy-Authorization: ${authorization}\r\n`}\r\n`);
  });
}

/**
 * One attempt; null when the narrowed trust could not verify the chain. `narrowed` says whether
 * to verify with the narrowed trust first; it is asked once the name lookup and TCP connection
 * are under way, so that building the TLS context overlaps them.
 */
async function attempt(plan: ConnectPlan, progress: { current: ConnectionProgress | null }, narrowed: () => boolean): Promise<Socket | null> {
  const state: ConnectionProgress = { tcp: false, tls: false, socket: null };
  progress.current = state;
  const proxy = plan.proxy;
  const host = proxy === null ? bare(plan.hostname) : bare(proxy.hostname);
  const port = proxy === null ? plan.port : Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const lookup = proxy === null && plan.hosts !== undefined ? { lookup: overridingLookup(plan.hosts) } : {};
  // requests go out whole: no waiting for an acknowledgement first (Go's dialer does the same)
  const raw = netConnect({ host, port, noDelay: true, ...lookup } as never) as Socket;
  state.socket = raw;
  let narrow: boolean;
  try {
    narrow = narrowed();
  } catch (error) {
    raw.destroy();
    throw error;
  }
  await settle(raw, 'connect');
  state.tcp = true;
  if (plan.loopbackPeer) {
    const address = (raw.remoteAddress ?? '').replace(/^::ffff:/i, '');
    if (!isLoopbackAddress(address)) {
      raw.destroy();
      throw new PeerNotLoopbackError(address || 'an unknown address');
    }
  }
  let stream: Socket = raw;
  if (proxy !== null) {
    if (proxy.protocol === 'https:') {
      stream = startTls(raw, proxy.hostname, { rejectUnauthorized: true });
      state.socket = stream;
      await settle(stream, 'secureConnect');
    }
    // plain http goes to the proxy in absolute form
    if (plan.tls === null) return stream;
    await tunnel(stream, `${plan.hostname}:${plan.port}`, proxyAuthorization(proxy));
  }
  if (plan.tls === null) return stream;
  const secureContext = plan.tls.context(narrow);
  // a narrowed store checks nothing by itself: an unverified chain goes to the full store
  const secure = startTls(stream, plan.hostname, { ...(secureContext ? { secureContext } : {}), rejectUnauthorized: narrow ? false : plan.tls.verify });
  state.socket = secure;
  await settle(secure, 'secureConnect');
  if (narrow && !secure.authorized) {
    secure.destroy();
    return null;
  }
  state.tls = true;
  if (plan.tls.verify && !narrow) plan.tls.verified(secure);
  return secure;
}

/** A connection as `plan` describes it; `progress.current` follows the attempt under way. */
export async function openConnection(plan: ConnectPlan, progress: { current: ConnectionProgress | null }): Promise<Socket> {
  const first = await attempt(plan, progress, () => plan.tls !== null && plan.tls.verify && plan.tls.context(true) !== undefined);
  if (first !== null) return first;
  return (await attempt(plan, progress, () => false)) as Socket;
}
