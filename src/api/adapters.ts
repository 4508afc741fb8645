/**
 * Credentials in the shapes other tools take: the Docker Engine API's `X-Registry-Auth` header
 * (and dockerode's `authconfig`, which docker-modem turns into that header), and a fetch-style
 * `authorize` for talking to a registry directly.
 */
import type { ClientId, Credentials, Resolution } from '../clients/model.js';
import { targetOf, type ResolveTarget } from '../resolve/resolve.js';
import { loadTlsMaterial } from '../registry/certs.js';
import { parseWwwAuthenticate, pickChallenge, repositoryScope } from '../registry/challenge.js';
import { basicAuthorization, bearerAuthorization, hasUsernamePassword } from '../registry/credentials.js';
import { isDockerHub } from '../registry/endpoint.js';
import { proxySettingsFromEnv } from '../registry/proxy.js';
import { fetchToken } from '../registry/token.js';
import { Transport } from '../registry/transport.js';
import { toRegistryCredentials } from '../resolve/credentials.js';
import { parseImageRef } from '../reference/parse.js';
import { RegauthError } from '../util/errors.js';
import type { Secret } from '../util/secret.js';
import { Trace } from '../util/trace.js';
import { LOOKUP_OPTIONS, lookupFailed, resolveOne, resolveOptionsOf, type LookupOptions } from './resolve.js';
import { checkImage, checkOptions } from './validate.js';

/**
 * The Engine API's AuthConfig, the fields in the order the Docker CLI encodes them. Empty fields
 * are left out, as Go's `omitempty` does.
 */
export interface EngineAuthConfig {
  username?: string;
  password?: string;
  /** base64 "user:password" as the config file held it, sent only when the CLI could not decode it */
  auth?: string;
  serveraddress?: string;
  /** an OAuth2 refresh token: the daemon exchanges it for a registry token */
  identitytoken?: string;
  /** a bearer token the daemon sends to the registry as is */
  registrytoken?: string;
}

/**
 * dockerode's `authconfig` for `docker.pull(image, { authconfig })` and
 * `image.push({ authconfig })`. Holds the secrets in clear, as dockerode needs them.
 */
export interface DockerodeAuthConfig extends EngineAuthConfig {
  /**
   * The header value itself, set only when the secrets hold a character Go's JSON encoder
   * escapes and JavaScript's does not (`<`, `>`, `&`, U+2028, U+2029): docker-modem then sends
   * it as is, so the daemon gets the bytes the Docker CLI would send.
   */
  base64?: string;
}

export type EngineAuthOptions = LookupOptions;

/** The docker resolver's AuthConfig for the daemon, fields in the CLI's order, empty ones left out. */
export function engineAuthConfigOf(resolution: Resolution): EngineAuthConfig {
  const engine = resolution.engineAuth;
  if (engine === undefined) throw new RegauthError('E_INTERNAL', `${resolution.client} does not hand credentials to a Docker daemon`);
  const config: EngineAuthConfig = {};
  if (engine.username !== '') config.username = engine.username;
  if (engine.password !== null && !engine.password.isEmpty) config.password = engine.password.reveal();
  if (engine.auth !== null && !engine.auth.isEmpty) config.auth = engine.auth.reveal();
  if (engine.serverAddress !== '') config.serveraddress = engine.serverAddress;
  if (engine.identityToken !== null && !engine.identityToken.isEmpty) config.identitytoken = engine.identityToken.reveal();
  if (engine.registryToken !== null && !engine.registryToken.isEmpty) config.registrytoken = engine.registryToken.reveal();
  return config;
}

/** JSON as Go's encoding/json writes it: like JSON.stringify, plus HTML-safe escapes. */
function goJson(value: EngineAuthConfig): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** base64url with padding (Go's base64.URLEncoding), as the Engine API's X-Registry-Auth. */
export function encodeEngineAuth(config: EngineAuthConfig): string {
  return Buffer.from(goJson(config), 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

async function dockerResolution(fn: string, image: string, options: EngineAuthOptions): Promise<Resolution> {
  checkOptions(fn, options, LOOKUP_OPTIONS);
  const ref = checkImage(image);
  const resolution = await resolveOne('docker', targetOf(ref), resolveOptionsOf(fn, options));
  if (resolution.error !== null) throw lookupFailed(resolution);
  return resolution;
}

/**
 * The `X-Registry-Auth` value the Docker CLI sends the daemon to pull or push `image`: the
 * base64url JSON AuthConfig of the credentials Docker resolves (user and password, identity
 * token or registry token, and the key they came from). `e30=` (`{}`) when Docker sends none.
 *
 * @example
 * await fetch('http://localhost/images/create?fromImage=alice/app', {
 *   method: 'POST', headers: { 'X-Registry-Auth': await registryAuthHeader('alice/app') }, dispatcher });
 */
export async function registryAuthHeader(image: string, options: EngineAuthOptions = {}): Promise<string> {
  return encodeEngineAuth(engineAuthConfigOf(await dockerResolution('registryAuthHeader', image, options)));
}

/**
 * dockerode's `authconfig` for `image`: what the Docker CLI would send the daemon.
 *
 * @example
 * const stream = await docker.pull('alice/app', { authconfig: await dockerodeAuth('alice/app') });
 */
export async function dockerodeAuth(image: string, options: EngineAuthOptions = {}): Promise<DockerodeAuthConfig> {
  const config = engineAuthConfigOf(await dockerResolution('dockerodeAuth', image, options));
  const exact = encodeEngineAuth(config);
  const plain = Buffer.from(JSON.stringify(config), 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  return exact === plain ? config : { ...config, base64: exact };
}

export interface AuthorizeOptions extends LookupOptions {
  /** whose credentials to use; default "docker" */
  client?: ClientId;
  /** the challenge and the token exchange together, in milliseconds; default 30 000 */
  timeoutMs?: number;
}

const REPOSITORY_PATH = /^\/v2\/(.+?)\/(?:manifests|blobs|tags|referrers)(?:\/|$)/;
const DEFAULT_AUTHORIZE_MS = 30_000;

/** The registry name and repository a registry API URL is about. */
function registryTarget(url: URL): ResolveTarget {
  const registry = isDockerHub(url.host) ? 'docker.io' : url.host;
  const repository = REPOSITORY_PATH.exec(url.pathname)?.[1] ?? null;
  if (repository === null) return { registry, repository: null };
  return targetOf(parseImageRef(`${registry}/${repository}`));
}

function requestOf(input: Request | URL | string): Request {
  try {
    return input instanceof Request ? input : new Request(input);
  } catch (error) {
    throw new RegauthError('E_OPTIONS_INVALID', `authorize: not a request or URL (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * The request with the `Authorization` header the registry wants, for a registry API URL
 * (`https://host/v2/<repository>/manifests/<tag>`, `…/blobs/…`, `…/tags/list`): asks `/v2/` for
 * the challenge, then for Bearer exchanges the client's credentials (user and password, identity
 * token) at the token server for a token scoped to the repository (pull; pull and push for
 * writing methods), or sends a registry token as is; for Basic, sends the user and password.
 * A registry that needs no authentication gets the request unchanged. Fails with
 * E_AUTH_REFUSED when the token server refuses the credentials.
 *
 * @example
 * const response = await fetch(await authorize('https://ghcr.io/v2/team/app/manifests/latest'));
 */
export async function authorize(request: Request | URL | string, options: AuthorizeOptions = {}): Promise<Request> {
  checkOptions('authorize', options, { ...LOOKUP_OPTIONS, client: 'client', timeoutMs: 'positive-number' });
  const original = requestOf(request);
  const url = new URL(original.url);
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.pathname.startsWith('/v2/')) {
    throw new RegauthError('E_OPTIONS_INVALID', `authorize: ${url.origin}${url.pathname} is not a registry API URL (http(s)://host/v2/…)`);
  }
  let target: ResolveTarget;
  try {
    target = registryTarget(url);
  } catch (error) {
    throw new RegauthError('E_REFERENCE_INVALID', `authorize: no repository in ${url.pathname}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const resolveOptions = resolveOptionsOf('authorize', options);
  const resolution = await resolveOne(options.client ?? 'docker', target, resolveOptions);
  if (resolution.error !== null) throw lookupFailed(resolution);
  const authorization = await authorizationFor(url, target.repository, original.method, resolution.credentials, resolveOptions.env ?? process.env, options.timeoutMs ?? DEFAULT_AUTHORIZE_MS);
  if (authorization === null) return original;
  const headers = new Headers(original.headers);
  headers.set('authorization', authorization.reveal());
  return new Request(original, { headers });
}

const WRITING = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);

async function authorizationFor(url: URL, repository: string | null, method: string, credentials: Credentials | null, env: Readonly<Record<string, string | undefined>>, timeoutMs: number): Promise<Secret | null> {
  const registryCredentials = toRegistryCredentials(credentials);
  const transport = new Transport({
    registry: url.host,
    timeoutMs,
    deadline: Date.now() + timeoutMs,
    tlsFor: async (hostPort) => (await loadTlsMaterial({ registry: hostPort, env })).material,
    proxy: proxySettingsFromEnv(env),
    username: registryCredentials?.username ?? null,
    secrets: [registryCredentials?.password, registryCredentials?.identityToken, registryCredentials?.registryToken].filter((secret): secret is Secret => secret !== undefined),
  });
  const ping = await transport.request({ method: 'GET', url: `${url.origin}/v2/` });
  if (ping.status !== 401) return null;
  const challenge = pickChallenge(parseWwwAuthenticate(ping.headerAll('www-authenticate')));
  if (challenge === null) throw new RegauthError('E_AUTH_REFUSED', `${url.host} asks for authentication with no scheme regauth speaks`);
  if (challenge.scheme === 'basic') {
    return hasUsernamePassword(registryCredentials) ? basicAuthorization(registryCredentials.username, registryCredentials.password) : null;
  }
  const registryToken = registryCredentials?.registryToken;
  if (registryToken !== undefined && registryCredentials?.identityToken === undefined && registryCredentials?.password === undefined) return bearerAuthorization(registryToken);
  const actions = WRITING.has(method.toUpperCase()) ? ['pull', 'push'] : ['pull'];
  const outcome = await fetchToken(transport, {
    challenge,
    scopes: repository === null ? [] : [repositoryScope(repository, actions)],
    credentials: registryCredentials,
    clientId: 'regauth',
    offlineToken: false,
    verifyTls: true,
    trace: new Trace(),
  });
  if (outcome.kind === 'token') return bearerAuthorization(outcome.body.token);
  throw new RegauthError('E_AUTH_REFUSED', `the token server ${challenge.params['realm'] ?? ''} answered ${outcome.response.status}${outcome.kind === 'no-token' ? ' without a token' : ''}`, {
    hint: 'regauth check explains why the registry refuses these credentials',
  });
}
