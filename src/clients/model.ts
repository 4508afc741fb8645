import type { HelperQuery } from '../helpers/model.js';
import type { Secret } from '../util/secret.js';
import type { TraceStep, Warning } from '../util/trace.js';
import type { ContainerdEndpoint } from './containerd.js';

export type ClientId = 'docker' | 'podman' | 'crane' | 'kubelet' | 'containerd';
/** the clients resolved when none is named */
export const CLIENT_IDS: readonly ClientId[] = ['docker', 'podman', 'crane', 'kubelet'];
/** every client `--client` accepts: containerd (a node's CRI runtime) only when asked for */
export const ALL_CLIENT_IDS: readonly ClientId[] = [...CLIENT_IDS, 'containerd'];

export type SecretKind = 'password' | 'identitytoken' | 'registrytoken';

/** What a client will present to the registry. Secrets stay wrapped. */
export interface Credentials {
  /** null when no username is sent (identity or registry token) */
  username: string | null;
  password: Secret | null;
  identityToken: Secret | null;
  registryToken: Secret | null;
  /**
   * Beside an identity token: the user and password the entry also holds. A registry with token
   * auth gets the identity token (OAuth2 refresh grant, no username); one with basic auth gets these.
   */
  basic?: { username: string; password: Secret };
}

export interface Resolution {
  client: ClientId;
  /** registry domain of the image, e.g. "docker.io" */
  registry: string;
  /** the file whose entry (or helper setting) decided; null when none */
  configFile: string | null;
  /** the auths/credHelpers key that decided; null when none */
  key: string | null;
  source: 'file' | 'helper' | 'none';
  helper: string | null;
  username: string | null;
  secretPresent: boolean;
  secretKind: SecretKind | null;
  /** set when the client itself would fail (bad file, helper error) */
  error: string | null;
  warnings: Warning[];
  trace: TraceStep[];
  /** the credentials to send; never serialised in clear (Secret redacts itself) */
  credentials: Credentials | null;
  /** more than one entry matched and Go map order picks the winner at random */
  ambiguous: boolean;
  /** helper answers still needed before the resolution is final */
  pendingHelperQueries: HelperQuery[];
  /**
   * When `error` is set: what commands that ignore the lookup error send instead
   * (docker manifest inspect and buildx take the file's own entry when the helper fails).
   */
  errorFallback?: { username: string | null; key: string | null; credentials?: Credentials | null };
  /** when `ambiguous`: every outcome Go map order can pick; credentials null means nothing is sent */
  candidates?: Array<{ key: string | null; username: string | null; credentials: Credentials | null }>;
  /** kubelet: every matching entry, tried in turn */
  alternatives?: Array<{ key: string; username: string | null; configFile: string }>;
  /** where the request really goes (registries.conf short names, prefixes and mirrors; daemon.json mirrors) */
  route?: RouteReport;
  /**
   * docker: the AuthConfig the Docker CLI hands the daemon for a pull or push (X-Registry-Auth),
   * fields as the CLI's store returns them (a raw `auth` when it did not decode); absent when the
   * CLI fails before asking the daemon
   */
  engineAuth?: EngineAuth;
  /** containerd: the hosts tried in order, with what each is sent */
  endpoints?: ContainerdEndpoint[];
}

/** The endpoints a pull or push is sent to, in the order they are tried, and what each is sent. */
export interface RouteReport {
  operation: 'pull' | 'push';
  /** the image as the user typed it */
  image: string;
  /** podman's line for a short name, e.g. `Resolved "alpine" as an alias (FILE)`; null for a qualified name */
  shortName: { mode: string; via: 'alias' | 'search'; description: string; file: string | null; line: number | null; prompts: boolean } | null;
  /** the client stops before contacting anything */
  error: { code: string; message: string; file: string | null; line: number | null } | null;
  endpoints: RouteEndpoint[];
  /** configured endpoints this request does not use, and why (e.g. daemon.json mirrors for a registry other than Docker Hub) */
  unused?: Array<{ registry: string; why: string; file: string | null; line: number | null }>;
  /** podman/skopeo/buildah: registries.conf files in the version-1 format, converted (before containers/image 5.40) or refused, with the same settings in version 2 */
  formatV1?: Array<{ file: string; line: number | null; converted: boolean; asV2: string | null }>;
}

export interface RouteEndpoint {
  /** the image this endpoint stands for (a short name has one candidate per search registry) */
  image: string;
  /** what is asked for at this endpoint */
  reference: string;
  /** host[:port] contacted */
  registry: string;
  role: 'mirror' | 'primary';
  insecure: boolean;
  /** the client refuses to contact it */
  blocked: boolean;
  /** the name credentials are looked up under for this endpoint */
  lookup: string;
  sends: 'credentials' | 'nothing' | 'fails';
  username: string | null;
  /** the file and key that decided */
  configFile: string | null;
  key: string | null;
  /** where this endpoint is configured (a mirror, a [[registry]] table, a daemon.json entry) */
  file: string | null;
  line: number | null;
  /** why these credentials (e.g. Docker's daemon sends the Hub credentials to its mirrors) */
  note?: string;
}

/** The Docker CLI's AuthConfig for the daemon; empty strings and nulls are left out of the header. */
export interface EngineAuth {
  username: string;
  password: Secret | null;
  auth: Secret | null;
  serverAddress: string;
  identityToken: Secret | null;
  registryToken: Secret | null;
}

export const EMPTY_ENGINE_AUTH: EngineAuth = { username: '', password: null, auth: null, serverAddress: '', identityToken: null, registryToken: null };

/** A resolution that has found nothing yet; resolvers fill it in as they decide. */
export function startResolution(client: ClientId, registry: string, trace: TraceStep[], configFile: string | null = null): Resolution {
  return {
    client,
    registry,
    configFile,
    key: null,
    source: 'none',
    helper: null,
    username: null,
    secretPresent: false,
    secretKind: null,
    error: null,
    warnings: [],
    trace,
    credentials: null,
    ambiguous: false,
    pendingHelperQueries: [],
  };
}

export function emptyCredentials(): Credentials {
  return { username: null, password: null, identityToken: null, registryToken: null };
}

export function describeSecretKind(credentials: Credentials | null): { present: boolean; kind: SecretKind | null } {
  if (credentials === null) return { present: false, kind: null };
  if (credentials.identityToken !== null && !credentials.identityToken.isEmpty) return { present: true, kind: 'identitytoken' };
  if (credentials.registryToken !== null && !credentials.registryToken.isEmpty) return { present: true, kind: 'registrytoken' };
  if (credentials.password !== null && !credentials.password.isEmpty) return { present: true, kind: 'password' };
  return { present: false, kind: null };
}
