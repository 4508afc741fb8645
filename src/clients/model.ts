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
  /** containerd: the hosts tried in order, with what each is sent */
  endpoints?: ContainerdEndpoint[];
}

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
