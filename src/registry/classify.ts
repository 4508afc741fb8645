import type { Challenge } from './challenge.js';
import { isDockerHub } from './endpoint.js';
import type { ProblemId } from './problems.js';

/**
 * Pure decisions: which problem a transport error or a registry answer means. Registries are
 * classified on status + challenge + body, never on a client's final error text.
 */

export interface Classified {
  id: ProblemId;
  detail: string;
}

// ---------------------------------------------------------------- transport errors

const TLS_UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);
const TLS_EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const TLS_NAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const TIMEOUT = new Set(['ETIMEDOUT', 'ABORT_ERR']);
const RESET = new Set(['ECONNRESET', 'EPIPE']);

interface ErrorFacts {
  codes: string[];
  names: string[];
  messages: string[];
}

function collectFacts(error: unknown): ErrorFacts {
  const facts: ErrorFacts = { codes: [], names: [], messages: [] };
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== null && typeof current === 'object' && !seen.has(current) && seen.size < 10) {
    seen.add(current);
    const record = current as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === 'string') facts.codes.push(record.code);
    if (typeof record.name === 'string') facts.names.push(record.name);
    if (typeof record.message === 'string') facts.messages.push(record.message);
    if (Array.isArray(record.errors) && record.errors.length > 0) {
      // AggregateError from happy-eyeballs connects: the first member explains it
      const inner = collectFacts(record.errors[0]);
      facts.codes.push(...inner.codes);
      facts.names.push(...inner.names);
      facts.messages.push(...inner.messages);
    }
    current = record.cause;
  }
  return facts;
}

function firstMessage(facts: ErrorFacts): string {
  return facts.messages.find((m) => m.length > 0) ?? 'unknown network error';
}

/** What a proxy's refusal of a request means, by its status. */
export function proxyAnswer(status: number): string {
  if (status === 407) return 'the proxy answered 407 Proxy Authentication Required: it wants credentials (user:password@ in HTTPS_PROXY/HTTP_PROXY)';
  if (status === 502 || status === 504) return `the proxy answered ${status}: it could not reach the registry (${status === 502 ? 'bad gateway' : 'gateway timeout'})`;
  if (status === 403) return 'the proxy answered 403: it does not allow connections to this host or port';
  return `the proxy refused the connection with status ${status}`;
}

/** Turns an error thrown by the HTTP stack into a problem. */
export function classifyTransportError(error: unknown): Classified {
  const facts = collectFacts(error);
  const has = (set: Set<string>): string | undefined => facts.codes.find((code) => set.has(code));
  const message = facts.messages.join(' | ');
  const detailOf = (code: string | undefined): string => (code ? `${code}: ${firstMessage(facts)}` : firstMessage(facts));

  if (facts.names.includes('TimeoutError') || facts.names.includes('AbortError') || has(TIMEOUT)) {
    return { id: 'timeout', detail: detailOf(has(TIMEOUT)) };
  }
  let code = has(TLS_UNKNOWN_AUTHORITY);
  if (code) return { id: 'tls-unknown-authority', detail: detailOf(code) };
  code = has(TLS_EXPIRED);
  if (code) return { id: 'tls-expired', detail: detailOf(code) };
  code = has(TLS_NAME);
  if (code) return { id: 'tls-name-mismatch', detail: detailOf(code) };
  if (/wrong version number|packet length too long|http request|unknown protocol/i.test(message)) {
    return { id: 'http-to-https', detail: `the server answered the TLS handshake with something else (${firstMessage(facts)})` };
  }
  if (/certificate required|bad certificate|unknown ca|alert.*certificate/i.test(message) && facts.codes.some((c) => c.startsWith('ERR_SSL'))) {
    return { id: 'tls-client-certificate', detail: detailOf(facts.codes.find((c) => c.startsWith('ERR_SSL'))) };
  }
  code = has(DNS);
  if (code) return { id: 'dns', detail: detailOf(code) };
  if (facts.codes.includes('ECONNREFUSED')) return { id: 'connection-refused', detail: detailOf('ECONNREFUSED') };
  if (/proxy/i.test(message)) return { id: 'proxy-error', detail: firstMessage(facts) };
  if (facts.codes.some((c) => c === 'EPROTO' || c.startsWith('ERR_SSL') || c.startsWith('ERR_TLS'))) {
    return { id: 'tls-handshake', detail: detailOf(facts.codes.find((c) => c === 'EPROTO' || c.startsWith('ERR_SSL') || c.startsWith('ERR_TLS'))) };
  }
  code = has(RESET);
  if (code) return { id: 'connection-reset', detail: detailOf(code) };
  return { id: 'unexpected-response', detail: firstMessage(facts) };
}

// ---------------------------------------------------------------- response bodies

export interface RegistryError {
  code: string;
  message: string;
}

export interface ErrorBody {
  /** `{"errors":[{code,message}]}` entries */
  errors: RegistryError[];
  /** Docker Hub token server style `{"details": "..."}` */
  details: string | null;
  /** the body is HTML (a web page or a proxy error page) */
  html: boolean;
}

export function parseErrorBody(text: string, contentType: string | undefined): ErrorBody {
  const result: ErrorBody = { errors: [], details: null, html: /text\/html/i.test(contentType ?? '') || /^\s*<(!doctype|html)/i.test(text) };
  if (!/^\s*[{[]/.test(text)) return result;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object') return result;
    const record = parsed as Record<string, unknown>;
    if (Array.isArray(record['errors'])) {
      for (const item of record['errors']) {
        if (item === null || typeof item !== 'object') continue;
        const { code, message } = item as Record<string, unknown>;
        result.errors.push({ code: typeof code === 'string' ? code : 'UNKNOWN', message: typeof message === 'string' ? message : '' });
      }
    }
    if (typeof record['details'] === 'string') result.details = record['details'];
  } catch {
    // not JSON after all: only status and headers count
  }
  return result;
}

/** `denied: requested access to the resource is denied` — how Go clients print registry errors. */
export function describeErrorBody(body: ErrorBody): string | null {
  if (body.errors.length > 0) {
    return body.errors
      .map((e) => `${e.code.toLowerCase().replace(/_/g, ' ')}${e.message ? `: ${e.message}` : ''}`)
      .join('; ');
  }
  if (body.details !== null) return body.details;
  return null;
}

// ---------------------------------------------------------------- rate limits

export interface RateLimitInfo {
  /** e.g. "100;w=21600" */
  limit: string | null;
  remaining: string | null;
  source: string | null;
  retryAfter: string | null;
}

export function readRateLimit(header: (name: string) => string | undefined): RateLimitInfo | null {
  const info: RateLimitInfo = {
    limit: header('ratelimit-limit') ?? null,
    remaining: header('ratelimit-remaining') ?? null,
    source: header('docker-ratelimit-source') ?? null,
    retryAfter: header('retry-after') ?? null,
  };
  return Object.values(info).some((v) => v !== null) ? info : null;
}

export function describeRateLimit(info: RateLimitInfo | null): string {
  if (info === null) return '';
  const parts: string[] = [];
  if (info.limit !== null) parts.push(`ratelimit-limit: ${info.limit}`);
  if (info.remaining !== null) parts.push(`ratelimit-remaining: ${info.remaining}`);
  if (info.source !== null) parts.push(`docker-ratelimit-source: ${info.source}`);
  if (info.retryAfter !== null) parts.push(`retry-after: ${info.retryAfter}`);
  return parts.join(', ');
}

// ---------------------------------------------------------------- registry answers

export type Phase = 'ping' | 'token' | 'pull' | 'push';

export interface ResponseFacts {
  status: number;
  challenges: Challenge[];
  body: ErrorBody;
  rateLimit: RateLimitInfo | null;
}

export interface ClassifyContext {
  phase: Phase;
  /** credentials (or a token obtained with them) went with the request */
  credentialsSent: boolean;
  /** earlier steps proved the credentials (token server accepted them) */
  credentialsProven: boolean;
  registry: string;
  repository: string;
  username: string | null;
}

export type Verdict =
  | { outcome: 'ok'; note?: string }
  | { outcome: 'denied'; problem: Classified; authenticated: boolean | null }
  | { outcome: 'failed'; problem: Classified };

function statusText(facts: ResponseFacts): string {
  const fromBody = describeErrorBody(facts.body);
  const challengeError = facts.challenges.find((c) => c.params['error'] !== undefined)?.params['error'];
  return [`HTTP ${facts.status}`, challengeError ? `error="${challengeError}"` : null, fromBody].filter(Boolean).join(', ');
}

/** Docker Hub namespaces: you may write under your own name or an organisation, never `library/`. */
export function namespaceMismatch(registry: string, repository: string, username: string | null): boolean {
  if (!isDockerHub(registry) || username === null || username.length === 0) return false;
  const namespace = repository.split('/')[0]?.toLowerCase() ?? '';
  return namespace === 'library' || namespace !== username.toLowerCase();
}

function challengeError(facts: ResponseFacts): string | null {
  for (const challenge of facts.challenges) {
    const error = challenge.params['error'];
    if (error !== undefined) return error;
  }
  return null;
}

function commonFailure(facts: ResponseFacts): Verdict | null {
  if (facts.status === 429 || facts.body.errors.some((e) => e.code === 'TOOMANYREQUESTS')) {
    const limits = describeRateLimit(facts.rateLimit);
    return { outcome: 'failed', problem: { id: 'rate-limited', detail: [statusText(facts), limits].filter(Boolean).join('; ') } };
  }
  if (facts.status >= 500) return { outcome: 'failed', problem: { id: 'server-error', detail: statusText(facts) } };
  return null;
}

function accessDenied(facts: ResponseFacts, ctx: ClassifyContext, action: string): Verdict {
  const detail = `${action} refused: ${statusText(facts)}`;
  if (!ctx.credentialsSent) return { outcome: 'denied', problem: { id: 'no-credentials', detail }, authenticated: false };
  if (action === 'push' && namespaceMismatch(ctx.registry, ctx.repository, ctx.username)) {
    return { outcome: 'denied', problem: { id: 'namespace-not-yours', detail }, authenticated: true };
  }
  return { outcome: 'denied', problem: { id: 'insufficient-scope', detail }, authenticated: true };
}

function unauthorized(facts: ResponseFacts, ctx: ClassifyContext, action: string): Verdict {
  const error = challengeError(facts);
  if (error === 'invalid_token') {
    return { outcome: 'denied', problem: { id: 'token-rejected', detail: statusText(facts) }, authenticated: false };
  }
  if (error === 'insufficient_scope') return accessDenied(facts, ctx, action);
  if (!ctx.credentialsSent) return { outcome: 'denied', problem: { id: 'no-credentials', detail: statusText(facts) }, authenticated: false };
  // Harbor and Quay answer a plain 401 for "authenticated but not allowed"
  if (ctx.credentialsProven) return accessDenied(facts, ctx, action);
  return { outcome: 'denied', problem: { id: 'bad-credentials', detail: statusText(facts) }, authenticated: false };
}

/** Classifies one answer of the registry or its token server for one phase of the check. */
export function classifyResponse(facts: ResponseFacts, ctx: ClassifyContext): Verdict {
  const { status } = facts;
  switch (ctx.phase) {
    case 'ping':
      if (status === 200 || status === 401) return { outcome: 'ok' };
      if (status === 404 || facts.body.html) return { outcome: 'failed', problem: { id: 'not-v2-registry', detail: `GET /v2/ answered ${statusText(facts)}` } };
      return commonFailure(facts) ?? { outcome: 'failed', problem: { id: 'unexpected-response', detail: `GET /v2/ answered ${statusText(facts)}` } };

    case 'token':
      if (status === 200) return { outcome: 'ok' };
      if (status === 401 || status === 403) {
        const detail = `token server answered ${statusText(facts)}`;
        return ctx.credentialsSent
          ? { outcome: 'denied', problem: { id: 'bad-credentials', detail }, authenticated: false }
          : { outcome: 'denied', problem: { id: 'no-credentials', detail }, authenticated: false };
      }
      return commonFailure(facts) ?? { outcome: 'failed', problem: { id: 'token-server-error', detail: `token server answered ${statusText(facts)}` } };

    case 'pull':
      if (status === 200) return { outcome: 'ok' };
      if (status === 404) return { outcome: 'ok', note: 'the tag or repository does not exist, but the registry let the request through' };
      if (status === 401) return unauthorized(facts, ctx, 'pull');
      if (status === 403) return accessDenied(facts, ctx, 'pull');
      return commonFailure(facts) ?? { outcome: 'failed', problem: { id: 'unexpected-response', detail: statusText(facts) } };

    case 'push':
      if (status === 202 || status === 201) return { outcome: 'ok' };
      if (status === 401) return unauthorized(facts, ctx, 'push');
      if (status === 403) return accessDenied(facts, ctx, 'push');
      if (status === 404 && facts.body.errors.some((e) => e.code === 'NAME_UNKNOWN')) {
        return { outcome: 'denied', problem: { id: 'repository-not-found', detail: statusText(facts) }, authenticated: null };
      }
      if (status === 405) return { outcome: 'denied', problem: { id: 'read-only-registry', detail: statusText(facts) }, authenticated: null };
      return commonFailure(facts) ?? { outcome: 'failed', problem: { id: 'unexpected-response', detail: statusText(facts) } };
  }
}
