import type { Secret } from '../util/secret.js';
import type { Position, TraceStep, Warning } from '../util/trace.js';

/**
 * The typed model of credential files, one view per client family, as each client decodes
 * the same bytes. Every value keeps the position of its key so findings can say file:line.
 */

export type FileFormat =
  /** docker/cli config.json: {"auths":{...},"credsStore":...,"credHelpers":{...}} */
  | 'docker-config'
  /** containers auth.json (same shape; containers/image decodes it differently) */
  | 'containers-auth'
  /** legacy ~/.dockercfg: flat {key:{auth,email}} map (or pre-JSON "auth = ..." lines for Docker) */
  | 'dockercfg'
  /** a Kubernetes pull secret: .dockerconfigjson content, .dockercfg content, or a Secret manifest */
  | 'pull-secret'
  /** containers registries.conf (TOML); only `credential-helpers` decides credentials */
  | 'registries-conf'
  /** containerd's config.toml (the CRI plugin's registry table) */
  | 'containerd-config'
  /** a containerd hosts.toml of a config_path directory */
  | 'containerd-hosts'
  /** k3s /etc/rancher/k3s/registries.yaml */
  | 'k3s-registries';

/** Where a file came from and why it was chosen. */
export interface FileCandidate {
  path: string;
  format: FileFormat;
  /** why this path is in the list, e.g. "DOCKER_CONFIG is set" */
  reason: string;
  /** user gave it explicitly (--config, --authfile, REGISTRY_AUTH_FILE) */
  explicit: boolean;
}

/** The raw bytes of one file, after the I/O step. */
export interface LoadedFile {
  path: string;
  format: FileFormat;
  /** false when the file does not exist (not an error for any client) */
  exists: boolean;
  /** set when a path component is not a directory: Docker treats that as missing, containers/image as an error */
  notADirectory?: boolean;
  /** file text (decoded as UTF-8); '' when missing */
  text: string;
  /** an I/O problem that stopped reading: unreadable, directory, too large */
  ioError: { code: string; message: string } | null;
}

export interface Located<T> {
  value: T;
  pos: Position;
}

/** One `auths` entry as docker/cli's ConfigFile.LoadFromReader leaves it. */
export interface DockerAuthEntry {
  key: string;
  keyPos: Position;
  /** after decoding: `auth` overrides the username/password fields */
  username: string;
  password: Secret;
  identityToken: Secret | null;
  registryToken: Secret | null;
  /** which fields were present (lower-cased names as Go matched them) */
  fields: string[];
  /** the raw `auth` was present and non-empty */
  hasAuth: boolean;
  /** decode error text exactly as Docker reports it, when `auth` failed to decode */
  authError: string | null;
  /** the `auth` value decoded to a user different from the `username` field */
  usernameFieldConflict: boolean;
}

export interface DockerConfigView {
  file: LoadedFile;
  auths: DockerAuthEntry[];
  credsStore: Located<string> | null;
  credHelpers: Array<{ key: string; helper: string; pos: Position }>;
  /** the Docker context the CLI uses unless DOCKER_HOST or DOCKER_CONTEXT say otherwise */
  currentContext?: Located<string> | null;
  /**
   * The error Docker reports while loading (it prints `WARNING: Error ...` and carries on
   * with what it parsed); consumers using config.Load (crane) fail hard with it.
   */
  loadError: { message: string; pos: Position | null } | null;
  /** JSON is broken: nothing usable was parsed */
  fatal: boolean;
  warnings: Warning[];
}

/** One `auths` entry as containers/image decodes it (auth + identitytoken only). */
export interface ContainersAuthEntry {
  key: string;
  keyPos: Position;
  /** null when `auth` is empty or has no colon (silently skipped by containers/image) */
  username: string | null;
  password: Secret | null;
  identityToken: Secret | null;
  /** invalid base64: a hard error for containers/image, exact Go text */
  authError: string | null;
  /** auth decoded but contained no ':' */
  missingColon: boolean;
  /** the entry had an empty or absent auth */
  emptyAuth: boolean;
  fields: string[];
}

export interface ContainersAuthView {
  file: LoadedFile;
  auths: ContainersAuthEntry[];
  credHelpers: Array<{ key: string; helper: string; pos: Position }>;
  /** json.Unmarshal failure: aborts the whole lookup (later files are not tried) */
  parseError: { message: string; pos: Position | null } | null;
  warnings: Warning[];
}

/** One pull-secret entry as the kubelet's credentialprovider decodes it. */
export interface KubeletAuthEntry {
  key: string;
  keyPos: Position;
  username: string;
  password: Secret;
  authError: string | null;
  fields: string[];
}

export interface KubeletSecretView {
  file: LoadedFile;
  auths: KubeletAuthEntry[];
  /** any error fails the whole keyring (the pull fails) */
  parseError: { message: string; pos: Position | null } | null;
  warnings: Warning[];
}

/** The outcome of locating a client's files: the ordered candidates plus a trace. */
export interface Discovery {
  candidates: FileCandidate[];
  trace: TraceStep[];
}

