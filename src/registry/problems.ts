/**
 * The catalogue of registry problems: stable ids, a one-line explanation, and what to do.
 * Ids are part of the JSON output; add new ones freely, never rename.
 */

import { isHubSpelling } from '../clients/keys.js';

export type ProblemId =
  | 'dns'
  | 'connection-refused'
  | 'connection-reset'
  | 'timeout'
  | 'tls-unknown-authority'
  | 'tls-name-mismatch'
  | 'tls-expired'
  | 'tls-client-certificate'
  | 'tls-handshake'
  | 'http-to-https'
  | 'https-downgrade-refused'
  | 'plaintext-credentials-refused'
  | 'proxy-error'
  | 'not-v2-registry'
  | 'unsupported-auth'
  | 'no-credentials'
  | 'bad-credentials'
  | 'token-server-error'
  | 'no-token-in-response'
  | 'token-rejected'
  | 'credential-scope-too-small'
  | 'insufficient-scope'
  | 'namespace-not-yours'
  | 'read-only-registry'
  | 'repository-not-found'
  | 'rate-limited'
  | 'server-error'
  | 'response-too-large'
  | 'unexpected-response';

export interface Problem {
  id: ProblemId;
  /** what was observed, specific to this check (status, error code, server message) */
  detail: string;
  /** what to do */
  hint?: string;
  /** the catalogue's one-line explanation of the id */
  summary: string;
}

/** What a hint may mention. */
export interface ProblemContext {
  /** registry host as the user wrote it, with port: the certs.d directory name */
  registry: string;
  repository?: string;
  username?: string | null;
  /** root of Docker's per-registry TLS directories */
  certsRoot?: string;
}

/**
 * The login command that stores credentials where the client reads them. Docker Hub, in any
 * spelling, is logged into without naming it: Docker then stores under the one key it reads
 * ("https://index.docker.io/v1/"); podman under "docker.io", as it writes itself.
 */
export function loginCommand(registry: string, client: 'docker' | 'podman' = 'docker'): string {
  if (isHubSpelling(registry)) return client === 'docker' ? 'docker login' : 'podman login docker.io';
  return `${client} login ${registry}`;
}

interface CatalogueEntry {
  summary: string;
  hint: (ctx: ProblemContext) => string;
}

const DEFAULT_CERTS_ROOT = '/etc/docker/certs.d';

function certsDir(ctx: ProblemContext): string {
  return `${ctx.certsRoot ?? DEFAULT_CERTS_ROOT}/${ctx.registry}`;
}

function repo(ctx: ProblemContext): string {
  return ctx.repository ?? '<repository>';
}

export const PROBLEM_CATALOGUE: Readonly<Record<ProblemId, CatalogueEntry>> = {
  dns: {
    summary: 'The registry host name does not resolve.',
    hint: (ctx) => `Check the spelling of "${ctx.registry}", /etc/hosts and the DNS server (and the proxy settings if a proxy is required).`,
  },
  'connection-refused': {
    summary: 'Nothing accepts connections on the registry address and port.',
    hint: (ctx) => `Check that the registry is running and listening on ${ctx.registry}, and that the port is right.`,
  },
  'connection-reset': {
    summary: 'The connection was closed by the other side before an answer arrived.',
    hint: () => 'A firewall, proxy or load balancer may be cutting the connection; retry, then check the network path.',
  },
  timeout: {
    summary: 'The registry did not answer in time.',
    hint: () => 'Check firewalls, proxies (HTTPS_PROXY/NO_PROXY) and the network path; raise the timeout if the registry is just slow.',
  },
  'tls-unknown-authority': {
    summary: 'The registry certificate is signed by an authority that is not trusted.',
    hint: (ctx) => `Put the CA certificate (PEM) at ${certsDir(ctx)}/ca.crt, or add it to the system trust store.`,
  },
  'tls-name-mismatch': {
    summary: 'The registry certificate is not valid for the host name used.',
    hint: (ctx) => `Use the name the certificate was issued for, or reissue the certificate with "${ctx.registry.replace(/:\d+$/, '')}" in its subjectAltName.`,
  },
  'tls-expired': {
    summary: 'The registry certificate has expired or is not valid yet.',
    hint: () => 'Renew the certificate on the registry, and check this machine\'s clock.',
  },
  'tls-client-certificate': {
    summary: 'The registry refused or could not use the client certificate.',
    hint: (ctx) => `Check client.cert and client.key in ${certsDir(ctx)}/ (they must be a matching pair the registry trusts).`,
  },
  'tls-handshake': {
    summary: 'The TLS handshake with the registry failed.',
    hint: () => 'Check that the port speaks TLS and that the server and this client share a protocol version and cipher.',
  },
  'http-to-https': {
    summary: 'The registry answered a TLS request in plain HTTP: it is an HTTP-only registry.',
    hint: (ctx) => `Serve the registry over TLS, or add "${ctx.registry}" to "insecure-registries" in /etc/docker/daemon.json (and restart the daemon) / mark it insecure in registries.conf.`,
  },
  'https-downgrade-refused': {
    summary: 'The registry redirected an HTTPS request to plain HTTP; the redirect was not followed.',
    hint: () => 'Fix the registry or proxy so that it keeps HTTPS.',
  },
  'plaintext-credentials-refused': {
    summary: 'Credentials would have crossed the network unencrypted, so they were not sent.',
    hint: () => 'Use TLS for the registry and its token server; plain HTTP with credentials is only accepted on loopback addresses.',
  },
  'proxy-error': {
    summary: 'The HTTP proxy refused or failed the connection.',
    hint: () => 'Check HTTP_PROXY/HTTPS_PROXY/NO_PROXY and the proxy itself.',
  },
  'not-v2-registry': {
    summary: 'The address does not serve the registry API at /v2/.',
    hint: (ctx) =>
      ctx.registry === 'hub.docker.com'
        ? `hub.docker.com is the web site, not the registry: name images docker.io/USER/app (or USER/app), and log in with "${loginCommand('docker.io')}".`
        : `Check the host and port: "${ctx.registry}" may be a web UI, a reverse proxy path or another service.`,
  },
  'unsupported-auth': {
    summary: 'The registry asks for an authentication scheme other than Basic or Bearer.',
    hint: () => 'Docker and podman only speak Basic and Bearer to registries; check the registry or proxy configuration.',
  },
  'no-credentials': {
    summary: 'The registry requires credentials and none were sent.',
    hint: (ctx) => `Log in first (${loginCommand(ctx.registry)}), and check that the configuration file in use has an entry for this registry.`,
  },
  'bad-credentials': {
    summary: 'The registry or its token server rejected the user name or password.',
    hint: (ctx) => `Log in again (${loginCommand(ctx.registry)}); use the account name (not an e-mail) and an access token where the registry requires one.`,
  },
  'token-server-error': {
    summary: 'The token server did not hand out a token.',
    hint: () => 'Check the token server named in the registry\'s WWW-Authenticate realm; it may be down or misconfigured.',
  },
  'no-token-in-response': {
    summary: 'The token server answered without a token.',
    hint: () => 'The token server is not speaking the registry token protocol; check its realm URL.',
  },
  'token-rejected': {
    summary: 'The registry rejected the token its own token server issued.',
    hint: () => 'Check the clock on this machine and on the servers, and that the registry trusts the token server (issuer, service, signing certificate).',
  },
  'credential-scope-too-small': {
    summary: 'The credentials are valid but the token server refused the requested access.',
    hint: () => 'Use a token or account with the missing permission (for example a read & write access token).',
  },
  'insufficient-scope': {
    summary: 'The credentials are valid but lack the permission for this repository.',
    hint: (ctx) => `Get the missing rights on ${repo(ctx)} or use an account that has them; check the repository path and namespace.`,
  },
  'namespace-not-yours': {
    summary: 'The repository is outside the namespace the account may write to.',
    hint: (ctx) =>
      `Tag the image under your own namespace (${ctx.username ? `${ctx.username}/` : '<user>/'}${repo(ctx).split('/').slice(1).join('/') || 'app'}) or an organisation you can write to.`,
  },
  'read-only-registry': {
    summary: 'The registry is read-only (maintenance or mirror mode) and refuses uploads.',
    hint: () => 'Push elsewhere or wait until the registry leaves read-only mode.',
  },
  'repository-not-found': {
    summary: 'The repository does not exist and the registry does not create it on push.',
    hint: (ctx) => `Create ${repo(ctx)} (or its project) in the registry first, then push.`,
  },
  'rate-limited': {
    summary: 'The registry is rate limiting requests.',
    hint: () => 'Wait for the window to reset (see Retry-After / ratelimit-* headers), authenticate, or use a mirror.',
  },
  'server-error': {
    summary: 'The registry failed with a server error.',
    hint: () => 'Retry later; if it persists, read the registry logs.',
  },
  'response-too-large': {
    summary: 'The response was larger than the size cap and was cut off.',
    hint: () => 'The address probably does not serve a registry API.',
  },
  'unexpected-response': {
    summary: 'The registry answered in a way the check does not understand.',
    hint: () => 'Run with debug output to see the exchange.',
  },
};

export function describeProblem(id: ProblemId, detail: string, ctx: ProblemContext): Problem {
  const entry = PROBLEM_CATALOGUE[id];
  return { id, summary: entry.summary, detail, hint: entry.hint(ctx) };
}

export function isProblemId(value: string): value is ProblemId {
  return Object.prototype.hasOwnProperty.call(PROBLEM_CATALOGUE, value);
}
