/**
 * The offline auth.docker.io: a token server following the distribution token spec
 * (GET with optional Basic auth, OAuth2 POST with password or refresh_token grants).
 * Keeps a request log in memory and as JSON lines — user names and scopes, never secrets.
 */
import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { claimsFor, TOKEN_LIFETIME_SECONDS, type AccessEntry, type JwtSigner } from './jwt.js';
import { grantAccess, splitScopeField } from './token-policy.js';
import type { TestUser } from './descriptor.js';

export interface TokenLogEntry {
  time: string;
  method: string;
  /** how the caller identified: Basic at GET, OAuth2 grant at POST, or nobody */
  grant: 'anonymous' | 'basic' | 'password' | 'refresh_token' | 'invalid';
  /** the authenticated user; null for anonymous and failed requests */
  user: string | null;
  /** the user name presented when authentication failed */
  rejectedUser: string | null;
  scopes: string[];
  service: string | null;
  account: string | null;
  clientId: string | null;
  offline: boolean;
  status: number;
}

export interface TokenServerOptions {
  address: string;
  port: number;
  tlsKey: string;
  tlsCert: string;
  signer: JwtSigner;
  issuer: string;
  service: string;
  users: readonly TestUser[];
  logFile: string;
}

export interface TokenServer {
  readonly log: readonly TokenLogEntry[];
  /** a token for `subject` with exactly `access`, for seeding (bypasses the policy) */
  mint(subject: string, access: AccessEntry[]): string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

interface Identity {
  grant: TokenLogEntry['grant'];
  user: string | null;
  rejectedUser: string | null;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const log: TokenLogEntry[] = [];
  const refreshTokens = new Map<string, string>();
  const usersByName = new Map(options.users.map((user) => [user.name, user]));

  function checkPassword(name: string, password: string): boolean {
    const user = usersByName.get(name);
    return user !== undefined && sameText(user.password, password);
  }

  function basicIdentity(header: string | undefined): Identity {
    if (header === undefined || !/^basic /i.test(header)) return { grant: 'anonymous', user: null, rejectedUser: null };
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const name = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    return checkPassword(name, password)
      ? { grant: 'basic', user: name, rejectedUser: null }
      : { grant: 'invalid', user: null, rejectedUser: name };
  }

  function oauthIdentity(form: URLSearchParams): Identity | 'unsupported' {
    const grantType = form.get('grant_type');
    if (grantType === 'password') {
      const name = form.get('username') ?? '';
      return checkPassword(name, form.get('password') ?? '')
        ? { grant: 'password', user: name, rejectedUser: null }
        : { grant: 'invalid', user: null, rejectedUser: name };
    }
    if (grantType === 'refresh_token') {
      const user = refreshTokens.get(form.get('refresh_token') ?? '');
      return user === undefined
        ? { grant: 'invalid', user: null, rejectedUser: null }
        : { grant: 'refresh_token', user, rejectedUser: null };
    }
    return 'unsupported';
  }

  function issue(user: string | null, service: string, scopes: string[], offline: boolean): Record<string, unknown> {
    const readOnly = user !== null && (usersByName.get(user)?.readOnly ?? false);
    const now = new Date();
    const token = options.signer.sign(claimsFor(options.issuer, service, user ?? '', grantAccess(user, readOnly, scopes), now));
    const body: Record<string, unknown> = {
      token,
      access_token: token,
      expires_in: TOKEN_LIFETIME_SECONDS,
      issued_at: now.toISOString(),
    };
    if (offline && user !== null) {
      const refreshToken = randomBytes(24).toString('hex');
      refreshTokens.set(refreshToken, user);
      body['refresh_token'] = refreshToken;
    }
    return body;
  }

  function record(entry: Omit<TokenLogEntry, 'time'>): void {
    const full: TokenLogEntry = { time: new Date().toISOString(), ...entry };
    log.push(full);
    appendFileSync(options.logFile, `${JSON.stringify(full)}\n`);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://token.invalid');
    if (url.pathname !== '/token' || (request.method !== 'GET' && request.method !== 'POST')) {
      sendJson(response, 404, { details: 'not found' });
      return;
    }
    let identity: Identity;
    let scopes: string[];
    let service: string | null;
    let offline: boolean;
    let account: string | null = null;
    let clientId: string | null;
    if (request.method === 'GET') {
      identity = basicIdentity(request.headers.authorization);
      scopes = splitScopeField(url.searchParams.getAll('scope'));
      service = url.searchParams.get('service');
      offline = url.searchParams.get('offline_token') === 'true';
      account = url.searchParams.get('account');
      clientId = url.searchParams.get('client_id');
    } else {
      const form = new URLSearchParams(await readBody(request));
      const oauth = oauthIdentity(form);
      scopes = splitScopeField(form.getAll('scope'));
      service = form.get('service');
      offline = form.get('access_type') === 'offline';
      clientId = form.get('client_id');
      if (oauth === 'unsupported') {
        record({ method: 'POST', grant: 'invalid', user: null, rejectedUser: null, scopes, service, account, clientId, offline, status: 400 });
        sendJson(response, 400, { details: 'unsupported grant_type' });
        return;
      }
      identity = oauth;
    }
    const base = { method: request.method, grant: identity.grant, user: identity.user, rejectedUser: identity.rejectedUser, scopes, service, account, clientId, offline };
    if (identity.grant === 'invalid') {
      record({ ...base, status: 401 });
      sendJson(response, 401, { details: 'incorrect username or password' });
      return;
    }
    const body = issue(identity.user, service ?? options.service, scopes, offline);
    if (request.method === 'POST') body['scope'] = scopes.join(' ');
    record({ ...base, status: 200 });
    sendJson(response, 200, body);
  }

  const server: Server = createServer({ key: options.tlsKey, cert: options.tlsCert }, (request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 400, { details: 'bad request' });
      else response.destroy();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, () => {
      server.off('error', reject);
      resolve({
        log,
        mint: (subject, access) => options.signer.sign(claimsFor(options.issuer, options.service, subject, access)),
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
