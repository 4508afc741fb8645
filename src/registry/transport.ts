import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { knownScrubber } from '../helpers/scrub.js';
import { RegauthError } from '../util/errors.js';
import { Secret } from '../util/secret.js';
import { classifyTransportError, proxyAnswer, type Classified } from './classify.js';
import { parseTokenBody } from './token.js';
import { mayCarryCredentials } from './endpoint.js';
import { chooseProxy, describeProxy, parseProxyUrl, proxyAuthorization, type ProxySettings } from './proxy.js';
import type { TlsMaterial } from './certs.js';
import { PeerNotLoopbackError, ProxyRefusedError, openConnection, type ConnectPlan, type ConnectionProgress, type TlsPlan } from './connect.js';
import { Http1Connection } from './http1.js';
import { rememberAnchors, rememberedAnchors } from './trust-anchors.js';

/**
 * HTTP for registry checks (http1.ts): one keep-alive connection per origin, per-request
 * timeout bounded by a whole-check deadline, capped bodies, manual redirects (never https → http,
 * no credentials across origins), credentials only where `mayCarryCredentials` allows, every
 * request counted, and a debug hook that only ever sees masked exchanges. Connections are opened
 * by connect.ts (proxies, loopback-peer check, TLS).
 */


/** Connection failures that, with a proxy in the way, concern the proxy and not the registry. */
const PROXY_CONNECT_FAILURES: ReadonlySet<string> = new Set(['connection-refused', 'dns']);

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 5;
const DEBUG_BODY_PREVIEW = 2048;
const MASK = '***';

export interface DebugExchange {
  method: string;
  url: string;
  /** header names lower-cased; Authorization shows only its scheme */
  requestHeaders: Record<string, string>;
  /** request body with secret fields masked, or null */
  requestBody: string | null;
  status: number | null;
  responseHeaders: Record<string, string[]>;
  /** start of the response body with token fields masked */
  responseBody: string | null;
  durationMs: number;
  /** problem id when the request failed before an answer */
  error: string | null;
  proxy: string | null;
}

export interface TransportOptions {
  /** registry host[:port]; decides where credentials may go */
  registry: string;
  /** per request */
  timeoutMs: number;
  /** absolute time (ms since epoch) after which no request starts and running ones are cut */
  deadline: number;
  maxBodyBytes?: number;
  /** TLS material for a host[:port] (registry or token realm) */
  tlsFor?: (hostPort: string) => Promise<TlsMaterial | null>;
  proxy?: ProxySettings | null;
  /** host name → address overrides, like curl --resolve */
  hosts?: Readonly<Record<string, string>>;
  debug?: (exchange: DebugExchange) => void;
  userAgent?: string;
  /** the user name that goes with the secrets below, for their `user:secret` forms */
  username?: string | null;
  /** secrets a hostile server might echo back: removed from everything the debug hook sees */
  secrets?: readonly Secret[];
}

/** Addresses of a host name: the `hosts` override first (like curl --resolve), else the system resolver. */
export async function resolveHostAddresses(hostname: string, hosts?: Readonly<Record<string, string>>): Promise<string[]> {
  if (isIP(hostname)) return [hostname];
  const pinned = hosts?.[hostname];
  if (pinned !== undefined) return [pinned];
  return new Promise((resolvePromise) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => resolvePromise(error ? [] : addresses.map((entry) => entry.address)));
  });
}

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  url: string;
  /** full Authorization header value */
  authorization?: Secret | null;
  headers?: Readonly<Record<string, string>>;
  /** a Secret body is masked in debug output and never follows a redirect to another origin */
  body?: string | Secret;
  /** default true; false for the https endpoint of an insecure registry */
  verifyTls?: boolean;
  /** a tighter bound for this request than the transport's (a share of the deadline left for fallbacks) */
  timeoutMs?: number;
}

/** Where a request stood when its time ran out. */
export type TimeoutPhase = 'connect' | 'tls' | 'first-byte' | 'body' | 'proxy';

const PHASE_TEXT: Record<TimeoutPhase, string> = {
  connect: 'while connecting (no TCP connection)',
  tls: 'during the TLS handshake (connected, no handshake answer)',
  'first-byte': 'waiting for the first byte of the answer (request sent, nothing came back)',
  body: 'while reading the answer',
  proxy: 'going through the proxy',
};

export interface HttpResponse {
  status: number;
  /** URL that answered (after redirects) */
  url: string;
  headers: Record<string, string[]>;
  header(name: string): string | undefined;
  headerAll(name: string): string[];
  /** body text, at most maxBodyBytes */
  text: string;
  bodyBytes: number;
  truncated: boolean;
}

/**
 * Building a secure context parses every CA it trusts (~23 ms for a system store), so contexts
 * with the same trust are shared: doctor checks many registries at once.
 */
const secureContexts = new Map<string, SecureContext>();

function sharedSecureContext(ca: readonly string[], tls: TlsMaterial): SecureContext {
  const key = [...ca, tls.cert ?? '', tls.key ?? ''].join('\u0000');
  let context = secureContexts.get(key);
  if (context === undefined) {
    context = createSecureContext({ ca: [...ca], ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}) });
    secureContexts.set(key, context);
  }
  return context;
}

/**
 * The trust for one https origin: the full list, or, when the anchors that verified this host
 * last time are remembered, first a context of those and the extra CAs (connect.ts verifies
 * again with the full list whatever that context does not verify).
 */
function trustPlan(tls: TlsMaterial | null, host: string, verify: boolean): TlsPlan {
  let narrowed: SecureContext | undefined | null = null;
  return {
    verify,
    context: (narrow) => {
      if (tls === null) return undefined;
      // unverified TLS checks no certificate, so it needs no CA parsed (an empty list also keeps Node's own out)
      if (!verify) return sharedSecureContext([], tls);
      if (!narrow) return sharedSecureContext(tls.ca, tls);
      if (narrowed === null) {
        const anchors = tls.store === null ? null : rememberedAnchors(tls.store, host);
        const ca = anchors === null ? [] : [...anchors, ...tls.extraCa];
        narrowed = ca.length === 0 ? undefined : sharedSecureContext(ca, tls);
      }
      return narrowed;
    },
    verified: (socket) => {
      if (tls?.store) rememberAnchors(tls.store, host, socket);
    },
  };
}

export class TransportError extends RegauthError {
  readonly problem: Classified;
  readonly url: string;
  /** for a timeout: where the request stood */
  readonly phase: TimeoutPhase | null;

  constructor(problem: Classified, url: string, cause?: unknown, phase: TimeoutPhase | null = null) {
    super(problem.id === 'timeout' ? 'E_TIMEOUT' : 'E_NETWORK', `${url}: ${problem.detail}`, cause === undefined ? {} : { cause });
    this.name = 'TransportError';
    this.problem = problem;
    this.url = url;
    this.phase = phase;
  }
}

function maskAuthorization(value: Secret): string {
  const scheme = /^(\S+)\s/.exec(value.reveal())?.[1];
  return scheme ? `${scheme} ${MASK}` : MASK;
}

const SECRET_JSON_FIELDS = /("(?:token|access_token|refresh_token|id_token|identitytoken|password|auth|secret)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
const SECRET_FORM_FIELDS = /((?:^|[?&])(?:refresh_token|password|access_token|token|id_token|code|sig|[\w-]*signature)=)[^&#\s"]*/gi;

const JWT_LIKE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?/g;

/** Masks token-like fields; apply to the whole text before cutting it, so no field is left half-open. */
export function maskSecretsInText(text: string): string {
  return text.replace(SECRET_JSON_FIELDS, `$1"${MASK}"`).replace(SECRET_FORM_FIELDS, `$1${MASK}`).replace(JWT_LIKE, MASK);
}

function maskResponseHeaders(headers: Record<string, string[]>): Record<string, string[]> {
  const masked: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers)) {
    // a redirect Location may carry a token in its query (pre-signed URLs, OAuth codes)
    masked[name] = name === 'set-cookie' ? values.map(() => MASK) : values.map(maskSecretsInText);
  }
  return masked;
}

/** Token-like query values of a URL: secrets from the moment a server hands them out. */
function queryTokens(url: URL): Secret[] {
  const tokens: Secret[] = [];
  for (const [name, value] of url.searchParams) {
    if (/token|password|secret|signature|code/i.test(name) && value.length > 0) tokens.push(new Secret(value));
  }
  return tokens;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

export class Transport {
  /** requests sent (including redirects and ones that failed on the way) */
  requests = 0;
  readonly #options: TransportOptions;
  readonly #routes = new Map<string, Route>();
  readonly #maxBody: number;
  readonly #secrets: Secret[];
  #unverifiedTlsConfigured = false;
  /** the known secrets' forms, worked out once until another secret is learnt */
  #scrubber: ((text: string) => string) | null = null;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#secrets = [...(options.secrets ?? [])];
  }

  /**
   * The user asked for unverified TLS to this registry (`--insecure`, `insecure-registries`):
   * credentials may then go over https without verification to any address. Otherwise
   * unverified TLS, like plain http, carries credentials only to a loopback peer.
   */
  allowUnverifiedTls(): void {
    this.#unverifiedTlsConfigured = true;
  }

  /** A secret learnt on the way (an issued token) that must not show up in debug output either. */
  addSecret(secret: Secret): void {
    if (secret.isEmpty) return;
    this.#secrets.push(secret);
    this.#scrubber = null;
  }

  /** `text` without any known secret: for whatever a server said that reaches output. */
  scrub(text: string): string {
    if (this.#secrets.length === 0) return text;
    if (this.#scrubber === null) {
      const username = this.#options.username ?? undefined;
      this.#scrubber = knownScrubber({ ...(username ? { username } : {}), secrets: [...this.#secrets] });
    }
    return this.#scrubber(text);
  }

  /** the credential part of an Authorization value (base64 blob or token), so its echo is caught whole */
  #learnAuthorization(authorization: Secret): void {
    const credential = new Secret(authorization.reveal().replace(/^\S+\s+/, ''));
    if (!this.#secrets.some((known) => known.equals(credential))) this.addSecret(credential);
  }

  /** a token answer's tokens are secrets from the moment they arrive (headers may repeat them) */
  #learnIssuedTokens(text: string): void {
    if (!/^\s*\{/.test(text)) return;
    const body = parseTokenBody(text);
    if (body === null) return;
    this.addSecret(body.token);
    if (body.refreshToken !== null) this.addSecret(body.refreshToken);
  }

  #scrubExchange(exchange: DebugExchange): DebugExchange {
    const scrubAll = (values: string[]): string[] => values.map((value) => this.scrub(value));
    return {
      ...exchange,
      url: this.scrub(exchange.url),
      requestBody: exchange.requestBody === null ? null : this.scrub(exchange.requestBody),
      responseHeaders: Object.fromEntries(Object.entries(exchange.responseHeaders).map(([name, values]) => [name, scrubAll(values)])),
      responseBody: exchange.responseBody === null ? null : this.scrub(exchange.responseBody),
      error: exchange.error === null ? null : this.scrub(exchange.error),
    };
  }

  get deadline(): number {
    return this.#options.deadline;
  }

  async close(): Promise<void> {
    const routes = [...this.#routes.values()];
    this.#routes.clear();
    for (const route of routes) {
      route.connection?.destroy();
      route.progress.current?.socket?.destroy();
    }
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    let url = new URL(req.url);
    let method = req.method;
    let authorization = req.authorization ?? null;
    let body = req.body;
    for (let hop = 0; ; hop++) {
      const response = await this.#send({ ...req, method, url: url.toString(), authorization, body });
      if (!isRedirect(response.status) || hop >= MAX_REDIRECTS) return response;
      const location = response.header('location');
      if (location === undefined) return response;
      const next = new URL(location, url);
      for (const token of queryTokens(next)) this.addSecret(token);
      if (url.protocol === 'https:' && next.protocol !== 'https:') {
        throw new TransportError({ id: 'https-downgrade-refused', detail: `${url.toString()} redirected to ${next.toString()}` }, url.toString());
      }
      if (next.origin !== url.origin) {
        authorization = null;
        if (body instanceof Secret) return response;
      }
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  }

  /**
   * Plain http, and unverified TLS the user did not ask for, carry credentials only to a
   * loopback peer. Names prove nothing (`registry.localhost` may resolve anywhere), so the
   * address the socket actually connected to decides, before a byte of the request is sent.
   */
  #needsLoopbackPeer(url: URL, verifyTls: boolean, carriesCredentials: boolean): boolean {
    if (!carriesCredentials) return false;
    if (url.protocol === 'http:') return true;
    return !verifyTls && !this.#unverifiedTlsConfigured;
  }

  /** The keep-alive connection (one) for an origin reached one way. */
  async #route(url: URL, verifyTls: boolean, proxy: string | null, loopbackPeer: boolean): Promise<Route> {
    const key = `${url.origin}|${verifyTls}|${proxy ?? ''}|${loopbackPeer}`;
    const existing = this.#routes.get(key);
    if (existing) return existing;
    const https = url.protocol === 'https:';
    const tls = https && this.#options.tlsFor ? await this.#options.tlsFor(url.host) : null;
    const proxyUrl = proxy === null ? null : parseProxyUrl(proxy);
    const progress: { current: ConnectionProgress | null } = { current: null };
    const plan = {
      hostname: url.hostname,
      port: Number(url.port || (https ? 443 : 80)),
      proxy: proxyUrl,
      ...(this.#options.hosts ? { hosts: this.#options.hosts } : {}),
      // loopback peers are never proxied (chooseProxy), so only a direct connection is checked
      loopbackPeer,
      tls: https ? trustPlan(tls, url.host, verifyTls) : null,
    };
    // one connection per origin: requests of a check go one after another on it
    const route: Route = { plan, connection: null, turn: Promise.resolve(), progress, proxy: proxyUrl, absoluteForm: proxyUrl !== null && !https };
    this.#routes.set(key, route);
    return route;
  }

  /** Where a request that ran out of time stood: its answer's headers, else its connection's progress. */
  #timeoutPhase(route: Route | null, url: URL, answered: boolean): TimeoutPhase {
    if (answered) return 'body';
    if (route === null) return 'connect';
    if (route.proxy !== null) return 'proxy';
    const connection = route.progress.current;
    if (connection === null || !connection.tcp) return 'connect';
    if (url.protocol === 'https:' && !connection.tls) return 'tls';
    return 'first-byte';
  }

  async #send(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    const secretBody = req.body instanceof Secret;
    if (req.authorization || secretBody) {
      const verdict = mayCarryCredentials(url, this.#options.registry);
      if (!verdict.allowed) {
        throw new TransportError({ id: 'plaintext-credentials-refused', detail: `not sent to ${url.origin}: ${verdict.why}` }, req.url);
      }
    }
    const loopbackPeer = this.#needsLoopbackPeer(url, req.verifyTls ?? true, req.authorization != null || secretBody);
    if (loopbackPeer && chooseProxy(url, this.#options.proxy ?? null).proxy !== null) {
      throw new TransportError({ id: 'plaintext-credentials-refused', detail: `not sent to ${url.origin}: it would go through a proxy, unencrypted or unverified` }, req.url);
    }
    const remaining = this.#options.deadline - Date.now();
    if (remaining <= 0) {
      throw new TransportError({ id: 'timeout', detail: 'the overall deadline of the check passed before this request' }, req.url);
    }
    const proxyChoice = chooseProxy(url, this.#options.proxy ?? null);
    const headers: Record<string, string> = {
      'user-agent': this.#options.userAgent ?? 'regauth',
      ...(req.headers ?? {}),
    };
    if (req.authorization) {
      headers['authorization'] = req.authorization.reveal();
      this.#learnAuthorization(req.authorization);
    }
    const bodyText = req.body instanceof Secret ? req.body.reveal() : req.body;
    if (bodyText !== undefined) headers['content-length'] = String(Buffer.byteLength(bodyText));

    const started = Date.now();
    // masking costs a pass over every answer: only for a debug hook
    const debug = this.#options.debug;
    const exchange: DebugExchange = {
      method: req.method,
      url: debug ? maskSecretsInText(req.url) : '',
      requestHeaders: debug
        ? Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, k === 'authorization' && req.authorization ? maskAuthorization(req.authorization) : v]))
        : {},
      requestBody: bodyText === undefined || !debug ? null : secretBody ? maskSecretsInText(bodyText) : bodyText,
      status: null,
      responseHeaders: {},
      responseBody: null,
      durationMs: 0,
      error: null,
      proxy: proxyChoice.proxy === null ? null : describeProxy(proxyChoice.proxy),
    };
    this.requests++;
    let route: Route | null = null;
    const progress = { answered: false };
    const timeoutMs = Math.min(this.#options.timeoutMs, req.timeoutMs ?? Infinity);
    try {
      const allowedMs = Math.max(1, Math.min(timeoutMs, remaining));
      route = await this.#route(url, req.verifyTls ?? true, proxyChoice.proxy, loopbackPeer);
      const answer = await this.#exchange(route, url, req.method, headers, bodyText, allowedMs, progress);
      const read = answer.read;
      const responseHeaders = answer.headers;
      const response: HttpResponse = {
        status: answer.status,
        url: req.url,
        headers: responseHeaders,
        header: (name) => responseHeaders[name.toLowerCase()]?.[0],
        headerAll: (name) => responseHeaders[name.toLowerCase()] ?? [],
        text: read.text,
        bodyBytes: read.bytes,
        truncated: read.truncated,
      };
      if (response.status === 407 && proxyChoice.proxy !== null) {
        // only a proxy asks for proxy authentication; over plain http it answers in the registry's place
        throw new TransportError({ id: 'proxy-error', detail: proxyAnswer(407) }, req.url);
      }
      this.#learnIssuedTokens(read.text);
      exchange.status = response.status;
      if (debug) {
        exchange.responseHeaders = maskResponseHeaders(responseHeaders);
        exchange.responseBody = read.text.length > 0 ? maskSecretsInText(read.text).slice(0, DEBUG_BODY_PREVIEW) : null;
      }
      return response;
    } catch (error) {
      if (error instanceof TransportError) throw error;
      if (error instanceof ProxyRefusedError) {
        exchange.error = 'proxy-error';
        throw new TransportError({ id: 'proxy-error', detail: proxyAnswer(error.status) }, req.url, error);
      }
      if (error instanceof PeerNotLoopbackError) {
        exchange.error = 'plaintext-credentials-refused';
        const how = url.protocol === 'http:' ? 'over plain http' : 'over TLS without certificate verification';
        throw new TransportError(
          { id: 'plaintext-credentials-refused', detail: `not sent to ${url.origin}: ${url.hostname} ${error.message}, and credentials go ${how} only to this machine` },
          req.url,
          error,
        );
      }
      const problem = classifyTransportError(error);
      if (proxyChoice.proxy !== null && PROXY_CONNECT_FAILURES.has(problem.id)) {
        // through a proxy the connection is made to the proxy: a refusal or an unknown name is the proxy's
        problem.detail = `the proxy ${describeProxy(proxyChoice.proxy)} (${proxyChoice.why}) cannot be reached: ${problem.id} (${problem.detail})`;
        problem.id = 'proxy-error';
      }
      const phase = problem.id === 'timeout' ? this.#timeoutPhase(route, url, progress.answered) : null;
      if (phase !== null && Date.now() >= this.#options.deadline) {
        problem.detail = `the overall deadline of the check passed ${PHASE_TEXT[phase]} (${problem.detail})`;
      } else if (phase !== null) {
        problem.detail = `no answer within ${Math.min(timeoutMs, remaining)} ms: timed out ${PHASE_TEXT[phase]} (${problem.detail})`;
      }
      exchange.error = problem.id;
      throw new TransportError(problem, req.url, error, phase);
    } finally {
      exchange.durationMs = Date.now() - started;
      if (debug) debug(this.#scrubExchange(exchange));
    }
  }

  /**
   * One request on the route's connection, its answer read up to the cap. Everything (waiting for
   * the connection, the answer and its body) ends within `allowedMs`.
   */
  #exchange(
    route: Route,
    url: URL,
    method: HttpRequest['method'],
    headers: Record<string, string>,
    body: string | undefined,
    allowedMs: number,
    progress: { answered: boolean },
  ): Promise<{ status: number; headers: Record<string, string[]>; read: { text: string; bytes: number; truncated: boolean } }> {
    const maxBody = this.#maxBody;
    const outgoing: Record<string, string> = { host: url.host, ...headers };
    const authorization = route.absoluteForm && route.proxy !== null ? proxyAuthorization(route.proxy) : null;
    if (authorization !== null) outgoing['proxy-authorization'] = authorization;
    const target = route.absoluteForm ? url.toString() : `${url.pathname}${url.search}`;
    const timedOut = (): DOMException => new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    let cancelled = false;
    /** the connection this request went out on, once its turn came */
    let used: Http1Connection | null = null;
    let timer: NodeJS.Timeout | undefined;
    // requests on a route take turns on its one connection
    const previous = route.turn;
    const exchange = (async () => {
      await previous;
      if (cancelled) throw timedOut();
      if (route.connection === null || !route.connection.usable) route.connection = new Http1Connection(await openConnection(route.plan, route.progress));
      used = route.connection;
      if (cancelled) {
        used.destroy();
        throw timedOut();
      }
      return used.exchange({ method, target, headers: outgoing, ...(body === undefined ? {} : { body }) }, maxBody, () => {
        progress.answered = true;
      });
    })();
    route.turn = exchange.then(
      () => undefined,
      () => undefined,
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        cancelled = true;
        // a connection still being set up, or an answer still awaited, is given up with the request
        const connection = route.progress.current;
        if (connection !== null && !(connection.tcp && (connection.tls || url.protocol !== 'https:'))) connection.socket?.destroy();
        used?.destroy();
        reject(timedOut());
      }, allowedMs);
    });
    return Promise.race([exchange, timeout]).finally(() => clearTimeout(timer));
  }
}

interface Route {
  plan: ConnectPlan;
  /** the open connection, when there is one */
  connection: Http1Connection | null;
  /** settles when the last request sent on the route is done */
  turn: Promise<void>;
  progress: { current: ConnectionProgress | null };
  proxy: URL | null;
  /** plain http through a proxy: requests go to the proxy with the full URL */
  absoluteForm: boolean;
}
