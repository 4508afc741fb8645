/**
 * Which credentials each client sends for an image: `resolve` (every client, with the trace) and
 * `credentialsFor` (one client, the secret as a `Secret`). The `…With` variants take the
 * resolver's own options; the CLI and the public functions both end in them.
 */
import { ALL_CLIENT_IDS, CLIENT_IDS, type ClientId, type Resolution, type SecretKind } from '../clients/model.js';
import { containersVersionArgument } from '../clients/containers-versions.js';
import { parseImageRef } from '../reference/parse.js';
import type { ImageRef } from '../reference/model.js';
import { resolveAll, targetOf, targetOfText, type ResolveOptions, type ResolveTarget } from '../resolve/resolve.js';
import { RegauthError } from '../util/errors.js';
import type { Secret } from '../util/secret.js';
import { checkClient, checkDockerVersion, checkImage, checkOptions, type OptionSpec } from './validate.js';

/** Where the clients look, as their own command-line options and environment would say. */
export interface LookupOptions {
  /** the environment the clients would see (HOME, DOCKER_CONFIG, REGISTRY_AUTH_FILE, PATH…); default `process.env` */
  env?: Readonly<Record<string, string | undefined>>;
  /** one credential file every client reads (like `--config FILE`) */
  configFile?: string;
  /** `docker --config DIR` */
  dockerConfigDir?: string;
  /** podman/skopeo `--authfile` */
  authFile?: string;
  /** kubelet pull secrets (files holding a `.dockerconfigjson` or a Secret) */
  pullSecrets?: readonly string[];
  /** the Docker CLI release to model, "MAJOR.MINOR"; default: the installed one, else the newest modelled */
  dockerVersion?: string;
  /** the containers/image release podman/skopeo embed, "5.MINOR"; default: detected */
  containersVersion?: string;
  /** time each credential-helper call may take, in milliseconds */
  helperTimeoutMs?: number;
  /** model a run whose stdin and stdout are terminals (podman then asks which registry a short name means); default false */
  terminal?: boolean;
}

export const LOOKUP_OPTIONS: OptionSpec = {
  env: 'env',
  configFile: 'string',
  dockerConfigDir: 'string',
  authFile: 'string',
  pullSecrets: 'string-list',
  dockerVersion: 'string',
  containersVersion: 'string',
  helperTimeoutMs: 'positive-number',
  terminal: 'boolean',
};

export interface ResolveImageOptions extends LookupOptions {
  /** the clients to resolve for, in this order; default docker, podman, crane and kubelet (containerd only when named) */
  clients?: readonly ClientId[];
}

/** Every requested client's resolution for one image. */
export interface ResolveResult {
  /** the image normalised ("docker.io/alice/app"), or as given when Docker's grammar refuses it */
  image: string;
  /** the parsed reference; null when Docker's grammar refuses it (crane and podman may still read it) */
  ref: ImageRef | null;
  results: Resolution[];
}

export interface CredentialsOptions extends LookupOptions {
  /** whose lookup to follow; default "docker" */
  client?: ClientId;
}

/** What one client sends for an image. The secret is a `Secret`: only `.reveal()` gives its text. */
export interface ClientCredentials {
  client: ClientId;
  /** registry domain of the image, e.g. "docker.io" */
  registry: string;
  /** the key (server address) the credentials were found under; null when none */
  serverAddress: string | null;
  /** null when nothing is sent, or a token is sent without a user name */
  username: string | null;
  /** the password or token; null when the client sends no credentials */
  secret: Secret | null;
  /** what `secret` is: a password, an identity token (OAuth2 refresh token) or a registry token */
  kind: SecretKind | null;
  /** the full resolution, with the trace of every key and helper considered */
  resolution: Resolution;
}

/** Public lookup options → the resolver's, validated. */
export function resolveOptionsOf(fn: string, options: LookupOptions): ResolveOptions {
  const dockerVersion = checkDockerVersion(fn, options.dockerVersion);
  const resolveOptions: ResolveOptions = { env: { ...(options.env ?? process.env) } };
  if (options.configFile !== undefined) resolveOptions.configFile = options.configFile;
  if (options.dockerConfigDir !== undefined) resolveOptions.dockerConfigDir = options.dockerConfigDir;
  if (options.authFile !== undefined) resolveOptions.authFile = options.authFile;
  if (options.pullSecrets !== undefined) resolveOptions.pullSecrets = [...options.pullSecrets];
  if (dockerVersion !== undefined) resolveOptions.dockerVersion = dockerVersion;
  if (options.containersVersion !== undefined) {
    try {
      resolveOptions.containersRelease = containersVersionArgument(options.containersVersion);
    } catch (error) {
      throw new RegauthError('E_OPTIONS_INVALID', `${fn}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (options.helperTimeoutMs !== undefined) resolveOptions.helperTimeoutMs = options.helperTimeoutMs;
  if (options.terminal !== undefined) resolveOptions.tty = options.terminal;
  return resolveOptions;
}

/**
 * Each client's resolution for the image as typed. When Docker's grammar (distribution/reference)
 * refuses it, docker and the kubelet fail and crane and podman read it with their own; when every
 * client refuses it, the call fails with E_REFERENCE_INVALID.
 */
export async function resolveWith(text: string, options: ResolveOptions): Promise<ResolveResult> {
  const target = targetOfText(text);
  const results = await resolveAll(target, options);
  // refused by every client's grammar: Docker's message says why
  if (target.refused !== undefined && results.every((result) => result.error !== null)) parseImageRef(text);
  const ref = target.refused === undefined ? parseImageRef(text) : null;
  return { image: ref?.normalized ?? text, ref, results };
}

/**
 * Which credentials each client sends for `image`, with the trace of every file, key and helper
 * it considered.
 *
 * @example
 * const { results } = await resolve('alice/app', { clients: ['docker', 'podman'] });
 */
export async function resolve(image: string, options: ResolveImageOptions = {}): Promise<ResolveResult> {
  checkOptions('resolve', options, { ...LOOKUP_OPTIONS, clients: 'string-list' });
  if (typeof image !== 'string') throw new RegauthError('E_REFERENCE_INVALID', 'the image reference must be a string');
  const clients = clientsOption('resolve', options.clients);
  const resolveOptions = resolveOptionsOf('resolve', options);
  return resolveWith(image, clients === undefined ? resolveOptions : { ...resolveOptions, clients });
}

/** The `clients` option, validated: known ids, at least one, each once. */
export function clientsOption(fn: string, clients: readonly ClientId[] | undefined): ClientId[] | undefined {
  if (clients === undefined) return undefined;
  const checked = [...new Set(clients.map((client) => checkClient(client, ALL_CLIENT_IDS)))];
  if (checked.length === 0) throw new RegauthError('E_OPTIONS_INVALID', `${fn}: clients must name at least one client`);
  return checked;
}

/** One client's resolution for a target (an image, or a registry alone). */
export async function resolveOne(client: ClientId, target: ResolveTarget, options: ResolveOptions): Promise<Resolution> {
  const [resolution] = await resolveAll(target, { ...options, clients: [client] });
  if (resolution === undefined) throw new RegauthError('E_INTERNAL', `no resolution for ${client}`);
  return resolution;
}

/** The resolution's credentials in the one-secret shape. */
export function clientCredentialsOf(resolution: Resolution): ClientCredentials {
  const credentials = resolution.credentials;
  const base = { client: resolution.client, registry: resolution.registry, serverAddress: resolution.key, resolution };
  if (credentials === null) return { ...base, username: null, secret: null, kind: null };
  if (credentials.identityToken !== null) return { ...base, username: null, secret: credentials.identityToken, kind: 'identitytoken' };
  if (credentials.password === null && credentials.registryToken !== null) return { ...base, username: null, secret: credentials.registryToken, kind: 'registrytoken' };
  return { ...base, username: credentials.username, secret: credentials.password, kind: credentials.password === null ? null : 'password' };
}

/**
 * The credentials one client sends for `image`. Fails with E_LOOKUP_FAILED when the client itself
 * would fail (unreadable file, failing helper); `resolution.trace` of the error's cause says why.
 *
 * @example
 * const { username, secret } = await credentialsFor('ghcr.io/team/app', { client: 'docker' });
 * if (secret !== null) use(username, secret.reveal());
 */
export async function credentialsFor(image: string, options: CredentialsOptions = {}): Promise<ClientCredentials> {
  checkOptions('credentialsFor', options, { ...LOOKUP_OPTIONS, client: 'client' });
  const ref = checkImage(image);
  const resolution = await resolveOne(options.client ?? 'docker', targetOf(ref), resolveOptionsOf('credentialsFor', options));
  if (resolution.error !== null) throw lookupFailed(resolution);
  return clientCredentialsOf(resolution);
}

/** The client would fail to look credentials up: the resolution's error, as a typed error. */
export function lookupFailed(resolution: Resolution): RegauthError {
  return new RegauthError('E_LOOKUP_FAILED', `${resolution.client}: ${resolution.error ?? 'lookup failed'}`, {
    ...(resolution.configFile === null ? {} : { file: resolution.configFile }),
    hint: 'regauth doctor explains the cause',
  });
}

export { CLIENT_IDS };
