import { isIP } from 'node:net';
import type { ImageRef } from '../reference/model.js';
import { checkRegistryAddress } from '../reference/parse.js';
import type { Secret } from '../util/secret.js';
import { Trace, type TraceStep } from '../util/trace.js';
import { loadTlsMaterial, type TlsMaterial } from './certs.js';
import { parseWwwAuthenticate, pickChallenge, repositoryScope, type Challenge } from './challenge.js';
import {
  classifyResponse,
  parseErrorBody,
  readRateLimit,
  type Classified,
  type ClassifyContext,
  type Phase,
  type RateLimitInfo,
  type Verdict,
} from './classify.js';
import { basicAuthorization, bearerAuthorization, hasAnySecret, hasUsernamePassword, type RegistryCredentials } from './credentials.js';
import { readInsecureRegistries } from './daemon-config.js';
import { isLoopbackHost, registryHost, resolveEndpoints, splitHostPort, type Endpoint } from './endpoint.js';
import { decodeJwt, grantedActions } from './jwt.js';
import { describeProblem, type Problem, type ProblemContext } from './problems.js';
import { proxySettingsFromEnv, type ProxySettings } from './proxy.js';
import { fetchToken, type TokenOutcome } from './token.js';
import { Transport, TransportError, resolveHostAddresses, type DebugExchange, type HttpResponse } from './transport.js';

/**
 * Proves login, pull and push against the registry with as few round trips as `docker login`
 * needs plus two for push: ping `/v2/` once, one token for pull (and push) that also proves the
 * credentials, HEAD the manifest (pull), POST an upload (push) and cancel it.
 */

export type PullAccess = 'granted' | 'denied' | 'unknown';
export type PushAccess = 'granted' | 'denied' | 'unknown' | 'not-checked';

export interface AccessReport {
  /** registry as in the reference ("docker.io", "myreg.example.com:5000") */
  registry: string;
  /** the origin that answered, e.g. "https://registry-1.docker.io"; null when none did */
  endpoint: string | null;
  /** true: credentials accepted; false: refused or needed and missing; null: not determined or not needed */
  authenticated: boolean | null;
  pull: PullAccess;
  push: PushAccess;
  /** the tag or digest: 'missing' when the registry let the pull through but has no such manifest (404) */
  manifest?: 'found' | 'missing' | 'unknown';
  problems: Problem[];
  /** HTTP requests sent */
  requests: number;
  trace: TraceStep[];
  /** the scheme the registry asked for; 'none' when /v2/ is open */
  authScheme: 'none' | 'basic' | 'bearer' | null;
  /** repository actions the token claims (JWT `access`), null when unreadable; a hint only */
  tokenGrant: string[] | null;
  rateLimit: RateLimitInfo | null;
  durationMs: number;
}

export interface CheckAccessOptions {
  ref: ImageRef;
  credentials: RegistryCredentials | null;
  push: boolean;
  /** `--insecure`: https without verification, then http */
  insecure?: boolean;
  /** per request, default 15 s */
  timeoutMs?: number;
  /** whole check, default 60 s */
  deadlineMs?: number;
  /** default: read from daemonConfigPath */
  insecureRegistries?: readonly string[];
  daemonConfigPath?: string;
  /** default /etc/docker/certs.d */
  certsRoot?: string;
  /** default: from env (HTTP_PROXY, HTTPS_PROXY, NO_PROXY); null for none */
  proxy?: ProxySettings | null;
  env?: Readonly<Record<string, string | undefined>>;
  /** host name → address overrides */
  hosts?: Readonly<Record<string, string>>;
  maxBodyBytes?: number;
  /** `client_id` for token requests, default "regauth" */
  clientId?: string;
  debug?: (exchange: DebugExchange) => void;
}

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Authentication outcomes after which probing further proves nothing. */
const AUTH_FAILURES = new Set(['bad-credentials', 'no-credentials', 'token-rejected', 'plaintext-credentials-refused']);

class AccessCheck {
  readonly trace = new Trace();
  readonly report: AccessReport;
  readonly transport: Transport;
  readonly context: ProblemContext;
  readonly #options: CheckAccessOptions;
  readonly #started: number;
  readonly #host: string;
  #tls: TlsMaterial | null = null;
  #endpoint: Endpoint | null = null;
  #authorization: Secret | null = null;
  #credentialsSent = false;
  #credentialsProven = false;

  constructor(options: CheckAccessOptions, started: number) {
    this.#options = options;
    this.#started = started;
    this.#host = registryHost(options.ref.registry);
    this.report = {
      registry: options.ref.registry,
      endpoint: null,
      authenticated: null,
      pull: 'unknown',
      push: options.push ? 'unknown' : 'not-checked',
      problems: [],
      requests: 0,
      trace: this.trace.steps,
      authScheme: null,
      tokenGrant: null,
      rateLimit: null,
      durationMs: 0,
    };
    this.context = {
      registry: this.#host,
      repository: options.ref.repository,
      username: options.credentials?.username ?? null,
      ...(options.certsRoot !== undefined ? { certsRoot: options.certsRoot } : {}),
    };
    const env = options.env ?? process.env;
    const proxy = options.proxy === undefined ? proxySettingsFromEnv(env) : options.proxy;
    this.transport = new Transport({
      registry: this.#host,
      timeoutMs: options.timeoutMs ?? 15_000,
      deadline: started + (options.deadlineMs ?? 60_000),
      tlsFor: async () => this.#tls,
      proxy,
      ...(options.hosts ? { hosts: options.hosts } : {}),
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
      ...(options.debug ? { debug: options.debug } : {}),
      username: options.credentials?.username ?? null,
      secrets: secretsOf(options.credentials),
    });
    if (proxy) this.trace.info('proxy', `proxy settings from ${proxy.source} apply (loopback and NO_PROXY hosts go direct)`);
  }

  finish(): AccessReport {
    this.report.requests = this.transport.requests;
    this.report.durationMs = Date.now() - this.#started;
    // servers choose what they answer: a hostile one may echo the credentials it was sent
    const scrub = (text: string): string => this.transport.scrub(text);
    for (const step of this.report.trace) {
      step.why = scrub(step.why);
      if (step.tried !== undefined) step.tried = scrub(step.tried);
    }
    if (this.report.rateLimit !== null) {
      const limits = this.report.rateLimit;
      for (const name of Object.keys(limits) as Array<keyof RateLimitInfo>) {
        const value = limits[name];
        if (value !== null) limits[name] = scrub(value);
      }
    }
    return this.report;
  }

  #problem(problem: Classified): void {
    const detail = this.transport.scrub(problem.detail);
    if (this.report.problems.some((p) => p.id === problem.id && p.detail === detail)) return;
    this.report.problems.push(describeProblem(problem.id, detail, this.context));
  }

  #denyRemaining(): void {
    if (this.report.pull === 'unknown') this.report.pull = 'denied';
    if (this.report.push === 'unknown') this.report.push = 'denied';
  }

  #classify(response: HttpResponse, phase: Phase): Verdict {
    const facts = {
      status: response.status,
      challenges: response.status === 401 ? parseWwwAuthenticate(response.headerAll('www-authenticate')) : [],
      body: parseErrorBody(response.text, response.header('content-type')),
      rateLimit: readRateLimit((name) => response.header(name)),
    };
    const ctx: ClassifyContext = {
      phase,
      credentialsSent: this.#credentialsSent,
      credentialsProven: this.#credentialsProven,
      registry: this.#options.ref.registry,
      repository: this.#options.ref.repository,
      username: this.#options.credentials?.username ?? null,
    };
    const verdict = classifyResponse(facts, ctx);
    if (verdict.outcome !== 'ok' && response.truncated) {
      verdict.problem.detail += ` (body cut off at ${response.bodyBytes} bytes)`;
    }
    return verdict;
  }

  /** A `localhost` name counts as loopback only by the addresses it resolves to, as in Docker's `isSecureIndex`. */
  async #addressesForLoopbackName(registry: string): Promise<string[] | null> {
    const { hostname } = splitHostPort(registry);
    if (isIP(hostname) !== 0 || !isLoopbackHost(hostname)) return null;
    return resolveHostAddresses(hostname, this.#options.hosts);
  }

  async run(): Promise<void> {
    const { ref } = this.#options;
    checkRegistryAddress(ref.registry, ref.normalized);
    const insecure = this.#options.insecureRegistries
      ? { entries: [...this.#options.insecureRegistries], trace: [] as TraceStep[] }
      : await readInsecureRegistries(this.#options.daemonConfigPath);
    for (const step of insecure.trace) this.trace.add(step);
    const resolvedAddresses = await this.#addressesForLoopbackName(ref.registry);
    const plan = resolveEndpoints({
      registry: ref.registry,
      insecureFlag: this.#options.insecure ?? false,
      insecureRegistries: insecure.entries,
      ...(resolvedAddresses === null ? {} : { resolvedAddresses }),
    });
    if (plan.insecureConfigured) this.transport.allowUnverifiedTls();
    for (const step of plan.trace) this.trace.add(step);
    const tls = await loadTlsMaterial({
      registry: this.#host,
      ...(this.#options.certsRoot !== undefined ? { certsRoot: this.#options.certsRoot } : {}),
      ...(this.#options.env ? { env: this.#options.env } : {}),
    });
    this.#tls = tls.material;
    for (const step of tls.trace) this.trace.add(step);

    const ping = await this.#ping(plan.endpoints);
    if (ping === null) return;
    if (!(await this.#authenticate(ping))) return;
    await this.#probePull();
    if (this.report.push !== 'unknown') return;
    if (this.report.problems.some((p) => AUTH_FAILURES.has(p.id))) this.report.push = 'denied';
    else await this.#probePush();
  }

  async #ping(endpoints: readonly Endpoint[]): Promise<HttpResponse | null> {
    const failures: Classified[] = [];
    for (const [index, endpoint] of endpoints.entries()) {
      const url = `${endpoint.url}/v2/`;
      // every endpoint still to try gets an equal share of the time left, so fallbacks fit in one deadline
      const share = Math.max(1, Math.floor((this.transport.deadline - Date.now()) / (endpoints.length - index)));
      try {
        const response = await this.transport.request({ method: 'GET', url, verifyTls: endpoint.verifyTls, timeoutMs: share });
        if (failures.length > 0) {
          this.trace.warning('ping.fallback', `the earlier endpoint failed (${failures.map((f) => f.id).join(', ')}); ${endpoint.url} answered instead, as Docker falls back for insecure registries`);
        }
        this.trace.matched('ping', `GET ${url} answered ${response.status}`, { tried: url });
        const verdict = this.#classify(response, 'ping');
        if (verdict.outcome !== 'ok') {
          this.#problem(verdict.problem);
          return null;
        }
        this.#endpoint = endpoint;
        this.report.endpoint = endpoint.url;
        return response;
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        failures.push(error.problem);
        this.trace.error('ping', `GET ${url} failed: ${error.problem.detail}`, { tried: url });
      }
    }
    for (const failure of failures) this.#problem(failure);
    return null;
  }

  /** Sets up the Authorization for later requests; false when checking cannot go on. */
  async #authenticate(ping: HttpResponse): Promise<boolean> {
    const credentials = this.#options.credentials;
    if (ping.status === 200) {
      this.report.authScheme = 'none';
      this.trace.info(
        'auth.none',
        hasAnySecret(credentials)
          ? '/v2/ is open to anonymous requests, so credentials are not sent (Docker does not send them either)'
          : '/v2/ is open to anonymous requests',
      );
      return true;
    }
    const challenges = parseWwwAuthenticate(ping.headerAll('www-authenticate'));
    const challenge = pickChallenge(challenges);
    if (challenge === null) {
      this.#problem({ id: 'unsupported-auth', detail: `WWW-Authenticate: ${ping.headerAll('www-authenticate').join(' | ') || '(missing)'}` });
      return false;
    }
    this.report.authScheme = challenge.scheme as 'basic' | 'bearer';
    this.trace.matched('auth.challenge', `the registry asks for ${challenge.scheme}${challenge.params['realm'] ? ` (realm ${challenge.params['realm']})` : ''}`);

    if (credentials?.registryToken !== undefined && !credentials.registryToken.isEmpty) {
      this.#authorization = bearerAuthorization(credentials.registryToken);
      this.#credentialsSent = true;
      this.trace.matched('auth.registry-token', 'a registry token is configured; it is sent as the bearer token without any exchange');
      return true;
    }
    if (challenge.scheme === 'basic') return this.#useBasic(credentials);
    return this.#useBearer(challenge, credentials);
  }

  #useBasic(credentials: RegistryCredentials | null): boolean {
    if (!hasUsernamePassword(credentials)) {
      const why = hasAnySecret(credentials) ? 'only a token is available, and a Basic registry needs a user name and password' : 'no credentials are available';
      this.trace.missing('auth.basic', why);
      this.#problem({ id: 'no-credentials', detail: `the registry requires Basic authentication and ${why}` });
      this.report.authenticated = false;
      this.#denyRemaining();
      return false;
    }
    this.#authorization = basicAuthorization(credentials.username, credentials.password);
    this.#credentialsSent = true;
    this.trace.matched('auth.basic', `sending Basic credentials for ${credentials.username}`);
    return true;
  }

  async #token(challenge: Challenge, scopes: string[], credentials: RegistryCredentials | null): Promise<TokenOutcome | null> {
    try {
      return await fetchToken(this.transport, {
        challenge,
        scopes,
        credentials,
        clientId: this.#options.clientId ?? 'regauth',
        offlineToken: false,
        verifyTls: this.#endpoint?.verifyTls ?? true,
        trace: this.trace,
      });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      this.trace.error('token', `token request failed: ${error.problem.detail}`);
      this.#problem(error.problem);
      if (error.problem.id === 'plaintext-credentials-refused') this.report.authenticated = null;
      return null;
    }
  }

  async #useBearer(challenge: Challenge, credentials: RegistryCredentials | null): Promise<boolean> {
    const realm = challenge.params['realm'];
    if (realm === undefined || !URL.canParse(realm)) {
      this.#problem({ id: 'token-server-error', detail: `the Bearer challenge has no usable realm (${realm ?? 'missing'})` });
      return false;
    }
    const repository = this.#options.ref.repository;
    const wanted = this.#options.push ? ['pull', 'push'] : ['pull'];
    let outcome = await this.#token(challenge, [repositoryScope(repository, wanted)], credentials);
    if (outcome === null) return false;

    if (outcome.kind === 'refused' && outcome.credentialsSent) {
      // Is it the credentials, or the access asked for? Narrow down as cheaply as possible.
      const refusal = this.#classify(outcome.response, 'token');
      const refusalDetail = refusal.outcome === 'ok' ? '' : refusal.problem.detail;
      if (refusal.outcome === 'failed') {
        this.#problem(refusal.problem);
        return false;
      }
      if (this.#options.push) {
        const pullOnly = await this.#token(challenge, [repositoryScope(repository, ['pull'])], credentials);
        if (pullOnly === null) return false;
        if (pullOnly.kind === 'token') {
          this.report.push = 'denied';
          this.#problem({ id: 'credential-scope-too-small', detail: `push refused at the token server: ${refusalDetail}` });
          outcome = pullOnly;
        }
      }
      if (outcome.kind === 'refused') {
        const loginOnly = await this.#token(challenge, [], credentials);
        if (loginOnly === null) return false;
        if (loginOnly.kind === 'token') {
          this.report.authenticated = true;
          this.#problem({ id: 'credential-scope-too-small', detail: `the credentials are valid but the token server refuses access to ${repository}: ${refusalDetail}` });
        } else {
          this.report.authenticated = false;
          this.#problem({ id: 'bad-credentials', detail: refusalDetail });
        }
        this.#denyRemaining();
        return false;
      }
    }
    if (outcome.kind === 'no-token') {
      this.#problem({ id: 'no-token-in-response', detail: `the token server answered ${outcome.response.status} without "token" or "access_token"` });
      return false;
    }
    if (outcome.kind === 'refused') {
      const verdict = this.#classify(outcome.response, 'token');
      if (verdict.outcome !== 'ok') this.#problem(verdict.problem);
      if (verdict.outcome === 'denied') {
        this.report.authenticated = verdict.authenticated;
        this.#denyRemaining();
      }
      return false;
    }

    this.#credentialsSent = outcome.credentialsSent;
    this.#credentialsProven = outcome.credentialsSent;
    this.transport.addSecret(outcome.body.token);
    if (outcome.body.refreshToken !== null) this.transport.addSecret(outcome.body.refreshToken);
    this.#authorization = bearerAuthorization(outcome.body.token);
    this.#readGrant(outcome.body.token);
    return true;
  }

  #readGrant(token: Secret): void {
    const jwt = decodeJwt(token.reveal());
    if (jwt === null) {
      this.trace.info('token.grant', 'the token is not a JWT, so what it grants is only known from the registry answers');
      return;
    }
    const repository = this.#options.ref.repository;
    const granted = grantedActions(jwt, 'repository', repository);
    this.report.tokenGrant = granted;
    const who = jwt.subject ? `for "${jwt.subject}"` : 'anonymously';
    this.trace.info(
      'token.grant',
      granted === null
        ? `the token was issued ${who} and carries no readable access claim`
        : `the token was issued ${who} and claims ${granted.length > 0 ? granted.join(',') : 'no actions'} on ${repository} (checked against the registry next)`,
    );
    if (this.#credentialsSent && jwt.subject === '') {
      this.trace.warning('token.anonymous', 'credentials were sent but the token is anonymous (empty sub)');
    }
  }

  async #probePull(): Promise<void> {
    const { ref } = this.#options;
    const reference = ref.digest ?? ref.tag ?? 'latest';
    const url = `${this.#endpoint!.url}/v2/${ref.repository}/manifests/${reference}`;
    let response: HttpResponse;
    try {
      response = await this.transport.request({
        method: 'HEAD',
        url,
        authorization: this.#authorization,
        headers: { accept: MANIFEST_ACCEPT },
        verifyTls: this.#endpoint!.verifyTls,
      });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      this.trace.error('pull', `HEAD ${url} failed: ${error.problem.detail}`, { tried: url });
      this.#problem(error.problem);
      return;
    }
    this.report.rateLimit = readRateLimit((name) => response.header(name));
    const verdict = this.#classify(response, 'pull');
    this.trace.add({
      step: 'pull',
      outcome: verdict.outcome === 'ok' ? 'matched' : 'error',
      tried: url,
      why: `HEAD ${url} answered ${response.status}${verdict.outcome === 'ok' && verdict.note ? `: ${verdict.note}` : ''}`,
    });
    if (verdict.outcome === 'ok') {
      this.report.pull = 'granted';
      this.report.manifest = response.status === 404 ? 'missing' : 'found';
      if (this.#credentialsSent) this.report.authenticated = true;
      return;
    }
    this.#problem(verdict.problem);
    if (verdict.outcome === 'denied') {
      this.report.pull = 'denied';
      if (verdict.authenticated !== null) this.report.authenticated = verdict.authenticated;
    }
  }

  async #probePush(): Promise<void> {
    const repository = this.#options.ref.repository;
    const endpoint = this.#endpoint!;
    const url = `${endpoint.url}/v2/${repository}/blobs/uploads/`;
    let response: HttpResponse;
    try {
      response = await this.transport.request({ method: 'POST', url, authorization: this.#authorization, body: '', verifyTls: endpoint.verifyTls });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      this.trace.error('push', `POST ${url} failed: ${error.problem.detail}`, { tried: url });
      this.#problem(error.problem);
      return;
    }
    const verdict = this.#classify(response, 'push');
    this.trace.add({ step: 'push', outcome: verdict.outcome === 'ok' ? 'matched' : 'error', tried: url, why: `POST ${url} answered ${response.status}` });
    if (verdict.outcome === 'ok') {
      this.report.push = 'granted';
      if (this.#credentialsSent) this.report.authenticated = true;
      if (this.report.pull === 'unknown') {
        this.report.pull = 'granted';
        this.trace.info('pull.derived', 'starting an upload needs pull as well as push, so pull is granted too');
      }
      await this.#cancelUpload(response, url);
      return;
    }
    this.#problem(verdict.problem);
    if (verdict.outcome === 'denied') {
      this.report.push = 'denied';
      if (verdict.authenticated === false) this.report.authenticated = false;
    }
  }

  /** Best effort: distribution needs the delete action to cancel, so a refusal is expected. */
  async #cancelUpload(response: HttpResponse, requestUrl: string): Promise<void> {
    const location = response.header('location');
    if (location === undefined) return;
    const target = new URL(location, requestUrl);
    const sameOrigin = target.origin === new URL(requestUrl).origin;
    try {
      const cancel = await this.transport.request({
        method: 'DELETE',
        url: target.toString(),
        authorization: sameOrigin ? this.#authorization : null,
        verifyTls: this.#endpoint!.verifyTls,
      });
      this.trace.info('push.cleanup', `cancelling the empty upload answered ${cancel.status}${cancel.status >= 400 ? ' (ignored: the registry purges abandoned uploads later)' : ''}`);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      this.trace.info('push.cleanup', `cancelling the empty upload failed (${error.problem.id}); ignored`);
    }
  }
}

function secretsOf(credentials: RegistryCredentials | null): Secret[] {
  if (credentials === null) return [];
  return [credentials.password, credentials.identityToken, credentials.registryToken].filter((s): s is Secret => s !== undefined && !s.isEmpty);
}

/** Checks what the credentials may do for `ref`. Never throws for network or registry failures. */
export async function checkAccess(options: CheckAccessOptions): Promise<AccessReport> {
  const check = new AccessCheck(options, Date.now());
  try {
    await check.run();
  } finally {
    await check.transport.close();
  }
  return check.finish();
}
