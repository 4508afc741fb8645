import { Secret } from '../util/secret.js';
import { Trace } from '../util/trace.js';
import type { Challenge } from './challenge.js';
import { basicAuthorization, hasUsernamePassword, IDENTITY_TOKEN_USERNAME, type RegistryCredentials } from './credentials.js';
import type { HttpResponse, Transport } from './transport.js';

/**
 * The registry token exchange: GET with Basic credentials (distribution's token spec), or the
 * OAuth2 POST with `grant_type=refresh_token` when an identity token is held (falling back to
 * GET when the server answers 404, as the spec allows).
 */

export interface TokenRequestInput {
  realm: string;
  service: string | null;
  /** each becomes its own `scope` parameter; empty for a scope-less (login) token */
  scopes: readonly string[];
  account: string | null;
  clientId: string;
  /** ask for a refresh token, as `docker login` does */
  offlineToken: boolean;
}

/** Pure: the GET token URL. */
export function buildTokenUrl(input: TokenRequestInput): URL {
  const url = new URL(input.realm);
  if (input.service !== null && input.service.length > 0) url.searchParams.set('service', input.service);
  for (const scope of input.scopes) url.searchParams.append('scope', scope);
  if (input.account !== null && input.account.length > 0) url.searchParams.set('account', input.account);
  url.searchParams.set('client_id', input.clientId);
  if (input.offlineToken) url.searchParams.set('offline_token', 'true');
  return url;
}

/** Pure: the OAuth2 refresh-token form; `scope` is one space-separated field per the spec. */
export function buildOAuthForm(input: TokenRequestInput, refreshToken: Secret): Secret {
  const form = new URLSearchParams();
  form.set('grant_type', 'refresh_token');
  form.set('refresh_token', refreshToken.reveal());
  if (input.service !== null && input.service.length > 0) form.set('service', input.service);
  form.set('client_id', input.clientId);
  if (input.scopes.length > 0) form.set('scope', input.scopes.join(' '));
  if (input.offlineToken) form.set('access_type', 'offline');
  return new Secret(form.toString());
}

export interface TokenBody {
  token: Secret;
  /** seconds, clamped to at least 60 like every client does */
  expiresIn: number;
  issuedAt: string | null;
  refreshToken: Secret | null;
}

/** Pure: `access_token` wins over `token` when both are present (distribution's client rule). */
export function parseTokenBody(text: string): TokenBody | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  const body = parsed as Record<string, unknown>;
  const raw = typeof body['access_token'] === 'string' && body['access_token'] ? body['access_token'] : body['token'];
  if (typeof raw !== 'string' || raw.length === 0) return null;
  const expires = typeof body['expires_in'] === 'number' ? body['expires_in'] : 60;
  return {
    token: new Secret(raw),
    expiresIn: Math.max(60, expires),
    issuedAt: typeof body['issued_at'] === 'string' ? body['issued_at'] : null,
    refreshToken: typeof body['refresh_token'] === 'string' && body['refresh_token'] ? new Secret(body['refresh_token']) : null,
  };
}

export type TokenOutcome =
  | { kind: 'token'; body: TokenBody; response: HttpResponse; credentialsSent: boolean }
  | { kind: 'refused'; response: HttpResponse; credentialsSent: boolean }
  | { kind: 'no-token'; response: HttpResponse; credentialsSent: boolean };

export interface FetchTokenInput {
  challenge: Challenge;
  scopes: readonly string[];
  credentials: RegistryCredentials | null;
  clientId: string;
  offlineToken: boolean;
  verifyTls: boolean;
  trace: Trace;
}

function outcomeOf(response: HttpResponse, credentialsSent: boolean): TokenOutcome {
  if (response.status !== 200) return { kind: 'refused', response, credentialsSent };
  const body = parseTokenBody(response.text);
  return body === null ? { kind: 'no-token', response, credentialsSent } : { kind: 'token', body, response, credentialsSent };
}

function describeScopes(scopes: readonly string[]): string {
  return scopes.length === 0 ? 'no scope (a login token)' : `scope ${scopes.join(' ')}`;
}

/** Fetches one token. Transport failures propagate as TransportError. */
export async function fetchToken(transport: Transport, input: FetchTokenInput): Promise<TokenOutcome> {
  const realm = input.challenge.params['realm'] ?? '';
  const request: TokenRequestInput = {
    realm,
    service: input.challenge.params['service'] ?? null,
    scopes: input.scopes,
    account: input.credentials?.username && input.credentials.username !== IDENTITY_TOKEN_USERNAME ? input.credentials.username : null,
    clientId: input.clientId,
    offlineToken: input.offlineToken,
  };
  const identityToken = input.credentials?.identityToken;
  if (identityToken !== undefined && !identityToken.isEmpty) {
    const response = await transport.request({
      method: 'POST',
      url: realm,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: buildOAuthForm(request, identityToken),
      verifyTls: input.verifyTls,
    });
    input.trace.info('token.oauth', `POST ${realm} (grant_type=refresh_token, ${describeScopes(input.scopes)}) answered ${response.status}`, { tried: realm });
    if (response.status !== 404) return outcomeOf(response, true);
    input.trace.info('token.oauth-fallback', 'the token server does not speak OAuth2 (404); retrying with GET and the identity token as password');
    const username = input.credentials?.username ?? IDENTITY_TOKEN_USERNAME;
    const fallback = await transport.request({
      method: 'GET',
      url: buildTokenUrl(request).toString(),
      authorization: basicAuthorization(username, identityToken),
      verifyTls: input.verifyTls,
    });
    return outcomeOf(fallback, true);
  }
  const credentialsSent = hasUsernamePassword(input.credentials);
  const url = buildTokenUrl(request).toString();
  const response = await transport.request({
    method: 'GET',
    url,
    authorization: hasUsernamePassword(input.credentials) ? basicAuthorization(input.credentials.username, input.credentials.password) : null,
    verifyTls: input.verifyTls,
  });
  input.trace.info(
    'token.get',
    `GET ${realm} ${credentialsSent ? `as ${input.credentials?.username}` : 'anonymously'} for ${describeScopes(input.scopes)} answered ${response.status}`,
    { tried: realm },
  );
  return outcomeOf(response, credentialsSent);
}
