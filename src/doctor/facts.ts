import type { ContainersAuthView, DockerConfigView } from '../config/model.js';
import type { DockerVersion } from '../config/docker-version.js';
import type { ClientId, RouteReport, SecretKind } from '../clients/model.js';
import type { StrayCopy } from './checks/backups.js';
import type { HelperAnswer } from '../helpers/model.js';

/**
 * Everything `doctor` knows, gathered once. A plain snapshot: data only, no functions, so
 * checks stay pure and tests can build it from fixture files. Secrets stay wrapped in
 * `Secret` inside the decoded views; derived facts (expiry dates) carry none.
 */
export interface Facts {
  /** ISO time of gathering; expiry checks compare with it */
  now: string;
  environment: EnvironmentFacts;
  docker: DockerFacts;
  /** podman/skopeo/buildah: every auth file in search order */
  containers: ContainersFacts;
  /** go-containerregistry (crane): the one file it loads, null when it loads none */
  crane: { path: string | null; reason: string };
  helpers: HelperFacts[];
  /** /etc/docker/daemon.json, when readable */
  daemon: DaemonFacts | null;
  access: AccessFacts;
  /** what each client sends, from the resolvers (the same engine as `resolve`) */
  clients: ClientsFacts;
  options: { offline: boolean; image: string | null; push: boolean };
  /** backups and stray copies beside the credential files */
  strayCopies?: StrayCopy[];
  /** is the config file shared by concurrent jobs (CI with a shared HOME, Docker's temporary files left behind)? */
  sharedConfig?: { ci: string | null; dockerConfigSet: boolean; tempFiles: string[] };
}

/** The resolvers' answers for every image doctor looked at. */
export interface ClientsFacts {
  /** the client the user is about to use (`--client`, default docker) */
  primary: ClientId;
  /** "Docker CLI 28.2.2, installed at /usr/bin/docker" */
  dockerModel: string;
  probes: ProbeFacts[];
  /** registries named in the files but left out (too many to resolve each) */
  omitted: number;
}

/** One image and what every client sends for it. */
export interface ProbeFacts {
  /** the image as resolved, e.g. "docker.io/alice/x" */
  image: string;
  registry: string;
  /** why doctor looked at it: "given on the command line", "named by \"docker.io\" in FILE" */
  why: string;
  outcomes: ClientOutcome[];
}

/** What one client sends: plain data, no secret (credentials are compared by a per-run salted hash). */
export interface ClientOutcome {
  client: ClientId;
  /** credentials: sends `username` (null for a token); nothing: anonymous; fails: the client stops with `error` */
  sends: 'credentials' | 'nothing' | 'fails';
  username: string | null;
  secretKind: SecretKind | null;
  /** equal for clients sending the same credentials; null when nothing is sent */
  fingerprint: string | null;
  error: string | null;
  configFile: string | null;
  key: string | null;
  line: number | null;
  source: 'file' | 'helper' | 'none';
  helper: string | null;
  /** Go map order picks the entry: the outcome may change between runs */
  ambiguous: boolean;
  /** the trace steps that decided, in order */
  decisive: string[];
  /** where the request really goes (registries.conf, daemon.json), when something routes it */
  route?: RouteReport;
}

export interface EnvironmentFacts {
  platform: string;
  /** effective uid; null where there is none (Windows) */
  uid: number | null;
  user: string | null;
  home: string | null;
  /** set when running under sudo */
  sudoUser: string | null;
  sudoUserHome: string | null;
  dockerConfig: string | null;
  registryAuthFile: string | null;
  /** DOCKER_AUTH_CONFIG is set (its value is a secret and is not kept) */
  dockerAuthConfigSet: boolean;
  xdgRuntimeDir: string | null;
  xdgConfigHome: string | null;
  /** name of the CI system, null outside CI */
  ci: string | null;
  wsl: boolean;
  /** docker is the snap package; its config lives under ~/snap/docker/<rev>/.docker */
  snapDocker: { installed: boolean; configFiles: string[] };
}

/** File metadata as `lstat`/`stat` saw it. */
export interface FileMeta {
  path: string;
  kind: 'file' | 'directory' | 'missing' | 'other';
  /** the path is a symbolic link; `dangling` when its target does not exist */
  symlink: { target: string; dangling: boolean } | null;
  /** permission bits (mode & 0o7777) of the target */
  mode: number | null;
  uid: number | null;
  gid: number | null;
  /** an error other than "does not exist" while opening it (EACCES, EISDIR, ENOTDIR) */
  ioError: { code: string; message: string } | null;
}

/** A token whose expiry can be read without contacting anyone. */
export interface CredentialExpiry {
  key: string;
  line: number;
  kind: 'identitytoken' | 'registrytoken' | 'password-jwt' | 'ecr-token';
  /** ISO time */
  expiresAt: string;
}

export interface DockerConfigFacts {
  meta: FileMeta;
  view: DockerConfigView;
  /** the file holds credentials in plain text (an `auth`, a password or a token) */
  hasPlaintextSecrets: boolean;
  expiries: CredentialExpiry[];
  /** the file's top-level keys and their lines (no values: they may hold secrets) */
  topLevelKeys?: Array<{ key: string; line: number }>;
}

export interface DockerFacts {
  /** from `docker version` (client only); null when docker is not installed or did not say */
  version: DockerVersion | null;
  /** the release the decoding assumed (the installed one, else the current release) */
  assumedVersion: DockerVersion;
  /** the directory Docker uses and why */
  configDir: { path: string; reason: string; meta: FileMeta };
  config: DockerConfigFacts;
  /** ~/.dockercfg (read by Docker before 23.0 and by podman, last) */
  legacyDockercfg: FileMeta | null;
  authConfigEnv: { present: boolean; error: string | null; keys: string[] };
  /**
   * config files Docker does not read here but the user may expect it to: the sudo user's own
   * file under sudo, the snap package's file
   */
  otherConfigs: Array<{ path: string; reason: string; keys: string[] }>;
  /** the Docker context the CLI would use, and whether it exists on this machine */
  context?: { name: string; source: string; line: number | null; metaPath: string | null; exists: boolean };
  /** the credential store Docker uses for the file (its credsStore, else its default store) and whether that store works */
  passStore?: PassStoreFacts | null;
}

/** docker-credential-pass as Docker's store: is the password store initialised? */
export interface PassStoreFacts {
  /** "credsStore" names pass, or Docker picks pass as its default store (no credsStore, pass on PATH) */
  chosenBy: 'credsStore' | 'default-store';
  /** line of credsStore; null for the default store */
  line: number | null;
  /** $PASSWORD_STORE_DIR, else ~/.password-store */
  storeDir: string;
  /** `pass init` has written the store's .gpg-id */
  initialised: boolean;
  /** fingerprints of the GPG secret keys (`gpg --list-secret-keys`); null when gpg did not answer */
  secretKeys: string[] | null;
}

export interface ContainersFileFacts {
  path: string;
  reason: string;
  meta: FileMeta;
  view: ContainersAuthView | null;
}

export interface ContainersFacts {
  files: ContainersFileFacts[];
}

export interface HelperFacts {
  /** the suffix: "pass" for docker-credential-pass */
  name: string;
  /** where it is configured */
  configuredBy: Array<{ file: string; key: string | null; line: number | null; setting: 'credsStore' | 'credHelpers' }>;
  /** path of the binary on PATH, null when missing */
  path: string | null;
  /** what `list` answered: server URL → username, or the failure */
  list: { kind: 'listed'; entries: Record<string, string> } | { kind: 'failed'; message: string; stderr: string } | { kind: 'not-run' };
  /** `get` answers for the keys that point at this helper */
  answers: Array<{ serverURL: string; answer: HelperAnswer }>;
}

export interface DaemonFacts {
  path: string;
  insecureRegistries: string[];
  mirrors: string[];
  proxies: Record<string, string>;
  error: string | null;
}

export interface AccessProblem {
  id: string;
  detail: string;
}

/** The registry check's verdict for one registry with credentials. */
export interface AccessResult {
  registry: string;
  repository: string | null;
  /** where the credentials came from */
  file: string | null;
  key: string | null;
  username: string | null;
  /** the client sent credentials (false: the check ran anonymously) */
  credentialsSent: boolean;
  /** false when the check did not finish (deadline, unreachable) */
  completed: boolean;
  authenticated: boolean | null;
  pull: boolean | null;
  push: boolean | null;
  problems: AccessProblem[];
}

export interface AccessFacts {
  /** why no online check ran: "offline", "no credentials", "unavailable" */
  skipped: string | null;
  results: AccessResult[];
}

