import { posix } from 'node:path';
import { Trace } from '../util/trace.js';
import type { Discovery, FileCandidate, FileFormat } from './model.js';
import { dockerAtLeast, type DockerVersion } from './docker-version.js';

/**
 * Where each client looks for credential files — pure functions of an environment snapshot,
 * each answer with a trace of why every path was chosen or skipped.
 */

export interface LocateEnvironment {
  env: Record<string, string | undefined>;
  /** the account's home directory from the password database (used when $HOME is empty) */
  homeDir: string;
  uid: number;
  platform: string;
  /** working directory (the kubelet searches it); defaults to "/" */
  cwd?: string;
  exists(path: string): boolean;
  /** a regular file (not a directory); `exists` stands in when not given */
  isFile?(path: string): boolean;
  onPath(bin: string): boolean;
  /** entries of a directory (null when it cannot be listed); registries.conf.d drop-ins need it */
  listDir?(path: string): Array<{ name: string; isDirectory: boolean }> | null;
  /** the `docker` first on PATH is the snap package (/snap/bin/docker, or a link into /snap/) */
  dockerIsSnap?: boolean;
}

function isFile(snapshot: LocateEnvironment, path: string): boolean {
  return snapshot.isFile === undefined ? snapshot.exists(path) : snapshot.isFile(path);
}

export type ClientFamily = 'docker' | 'containers' | 'crane' | 'kubelet';

function home(snapshot: LocateEnvironment): string {
  const fromEnv = snapshot.env['HOME'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : snapshot.homeDir;
}

function nonEmpty(snapshot: LocateEnvironment, name: string): string | null {
  const value = snapshot.env[name];
  return value === undefined || value === '' ? null : value;
}

class DiscoveryBuilder {
  readonly trace = new Trace();
  readonly candidates: FileCandidate[] = [];

  add(path: string, format: FileFormat, reason: string, explicit: boolean): void {
    this.candidates.push({ path, format, reason, explicit });
    this.trace.matched('file.locate', reason, { tried: path, file: path });
  }

  build(): Discovery {
    return { candidates: this.candidates, trace: this.trace.steps };
  }
}

// ---------------------------------------------------------------------------------------------
// docker

export interface DockerLocateOptions {
  /** `docker --config DIR` */
  configDir?: string;
  version: DockerVersion;
}

export interface DockerDiscovery extends Discovery {
  configDir: string;
  /** DOCKER_AUTH_CONFIG is set and this CLI version reads it (28.3+) */
  authConfigEnv: boolean;
}

export function locateDocker(snapshot: LocateEnvironment, options: DockerLocateOptions): DockerDiscovery {
  const out = new DiscoveryBuilder();
  const dockerConfig = nonEmpty(snapshot, 'DOCKER_CONFIG');
  let configDir: string;
  let reason: string;
  let explicit = false;
  if (options.configDir !== undefined) {
    configDir = posix.normalize(options.configDir).replace(/(.)\/$/, '$1');
    reason = '--config names the configuration directory';
    explicit = true;
    if (dockerConfig !== null) out.trace.skipped('docker.config-dir', '--config wins over DOCKER_CONFIG', { tried: dockerConfig });
  } else if (dockerConfig !== null) {
    configDir = dockerConfig;
    reason = 'DOCKER_CONFIG names the configuration directory';
    explicit = true;
  } else if (snapshot.dockerIsSnap === true) {
    // snapd runs the snap's docker with HOME=$SNAP_USER_DATA, ~/snap/docker/<revision>; "current" links the revision in use
    configDir = posix.join(home(snapshot), 'snap', 'docker', 'current', '.docker');
    reason = 'docker is the snap package, which runs with HOME=~/snap/docker/<revision> ("current" links the revision in use): its default directory is $HOME/.docker there';
  } else {
    configDir = posix.join(home(snapshot), '.docker');
    reason = 'default directory $HOME/.docker (neither --config nor DOCKER_CONFIG is set)';
  }
  const configJson = posix.join(configDir, 'config.json');
  const present = snapshot.exists(configJson);
  out.add(configJson, 'docker-config', `${reason}; the file is always config.json${present ? '' : ' (absent: Docker starts from an empty config)'}`, explicit);

  if (!present) {
    const legacy = posix.join(home(snapshot), '.dockercfg');
    if (!dockerAtLeast(options.version, 23)) {
      if (snapshot.exists(legacy)) out.add(legacy, 'dockercfg', 'config.json is absent, so Docker before 23.0 falls back to the legacy ~/.dockercfg', false);
      else out.trace.missing('file.locate', 'no legacy ~/.dockercfg either', { tried: legacy });
    } else if (snapshot.exists(legacy)) {
      out.trace.skipped('file.locate', 'Docker 23.0 and later ignore the legacy ~/.dockercfg', { tried: legacy, file: legacy });
    }
  }

  const envValue = nonEmpty(snapshot, 'DOCKER_AUTH_CONFIG');
  let authConfigEnv = false;
  if (envValue !== null) {
    if (dockerAtLeast(options.version, 28, 3)) {
      authConfigEnv = true;
      out.trace.info('docker.auth-config-env', 'DOCKER_AUTH_CONFIG is set: its credentials are looked up first (exact key), then the file or helper', {
        tried: 'DOCKER_AUTH_CONFIG',
      });
    } else {
      out.trace.skipped('docker.auth-config-env', 'DOCKER_AUTH_CONFIG is set but this Docker version (before 28.3) ignores it', {
        tried: 'DOCKER_AUTH_CONFIG',
      });
    }
  }
  return { ...out.build(), configDir, authConfigEnv };
}

export interface DefaultStoreDetection {
  /** the helper suffix Docker uses when config.json names none, or null for plaintext */
  store: string | null;
  trace: Discovery['trace'];
}

/**
 * docker/cli DetectDefaultStore, applied only when the file has no credsStore, credHelpers or
 * auths (ContainsAuth). Linux prefers `pass` when the `pass` binary exists, and then needs
 * docker-credential-pass: there is no fallback to secretservice.
 */
export function detectDefaultStore(
  view: { containsAuth: boolean },
  onPath: (bin: string) => boolean,
  platform = 'linux',
): DefaultStoreDetection {
  const trace = new Trace();
  if (view.containsAuth) {
    trace.skipped('docker.default-store', 'the config file already has credsStore, credHelpers or auths entries, so Docker picks no default store');
    return { store: null, trace: trace.steps };
  }
  let candidate: string | null;
  if (platform === 'darwin') candidate = 'osxkeychain';
  else if (platform === 'win32' || platform === 'windows') candidate = 'wincred';
  else if (platform === 'linux') {
    candidate = onPath('pass') ? 'pass' : 'secretservice';
    trace.info('docker.default-store', onPath('pass') ? 'the pass program is on PATH, so Linux prefers the pass helper' : 'no pass program on PATH, so Linux prefers secretservice', {
      tried: 'pass',
    });
  } else candidate = null;
  if (candidate === null) {
    trace.skipped('docker.default-store', `Docker has no default credential store on ${platform}`);
    return { store: null, trace: trace.steps };
  }
  const binary = `docker-credential-${candidate}`;
  if (!onPath(binary)) {
    trace.missing('docker.default-store', `${binary} is not on PATH, so credentials stay in config.json (no fallback to another helper)`, { tried: binary });
    return { store: null, trace: trace.steps };
  }
  trace.matched('docker.default-store', `${binary} is on PATH: Docker uses it as credsStore (written to config.json at the next login)`, { tried: binary });
  return { store: candidate, trace: trace.steps };
}

// ---------------------------------------------------------------------------------------------
// containers (podman, skopeo, buildah)

export interface ContainersLocateOptions {
  tool: 'podman' | 'skopeo' | 'buildah';
  /** `--authfile PATH` */
  authFile?: string;
  /**
   * which command: `login` (incl. `login --get-login`) takes its --authfile default from
   * containers/common (REGISTRY_AUTH_FILE, else $DOCKER_CONFIG/config.json) for every tool;
   * other skopeo commands use REGISTRY_AUTH_FILE only. Default 'other'.
   */
  command?: 'login' | 'other';
  /**
   * containers/image 5.24 and later read ONLY the user-given file. The versions vendored by
   * podman 4.3 / skopeo 1.9 (5.23) search the default list after it. Default false (observed
   * with podman 4.3.1 and skopeo 1.9.3).
   */
  authFileExclusive?: boolean;
  /** the trace sentence naming the release switch behind authFileExclusive */
  authFileSwitch?: string;
}

export function locateContainers(snapshot: LocateEnvironment, options: ContainersLocateOptions): Discovery {
  const out = new DiscoveryBuilder();
  const registryAuthFile = nonEmpty(snapshot, 'REGISTRY_AUTH_FILE');
  const dockerConfig = nonEmpty(snapshot, 'DOCKER_CONFIG');
  const dockerConfigIsDefault = options.tool !== 'skopeo' || options.command === 'login';

  // the tools turn --authfile or its default into SystemContext.AuthFilePath
  let userFile: { path: string; reason: string } | null = null;
  if (options.authFile !== undefined && options.authFile !== '') {
    userFile = { path: options.authFile, reason: '--authfile names the file searched first' };
  } else if (registryAuthFile !== null) {
    userFile = { path: registryAuthFile, reason: 'REGISTRY_AUTH_FILE is set (the --authfile default): it is searched first' };
  } else if (dockerConfig !== null && dockerConfigIsDefault) {
    userFile = {
      path: posix.join(dockerConfig, 'config.json'),
      reason: `DOCKER_CONFIG is set, so the --authfile default of ${options.tool}${options.command === 'login' ? ' login' : ''} is $DOCKER_CONFIG/config.json: it is searched first`,
    };
  } else if (dockerConfig !== null) {
    out.trace.info('file.locate', 'skopeo (other than skopeo login) does not take its --authfile default from DOCKER_CONFIG', { tried: 'DOCKER_CONFIG' });
  }
  const seen = new Set<string>();
  const add = (path: string, format: FileFormat, reason: string, explicit: boolean): void => {
    if (seen.has(path)) {
      out.trace.skipped('file.locate', 'already in the list (read again with the same result)', { tried: path, file: path });
      return;
    }
    seen.add(path);
    out.add(path, format, reason, explicit);
  };
  if (userFile !== null) {
    add(userFile.path, 'containers-auth', userFile.reason, true);
    if (options.authFileExclusive === true) {
      out.trace.info('file.locate', options.authFileSwitch ?? 'containers/image 5.24 and later read only the user-given file');
      return out.build();
    }
    out.trace.info('file.locate', options.authFileSwitch ?? 'this containers/image version (podman 4.3, skopeo 1.9) still searches the default files after the user-given one');
  }

  const homeDir = home(snapshot);
  if (userFile !== null) {
    // getPathToAuth yields the user-given file *instead of* the primary file
    out.trace.skipped('file.locate', 'the user-given file takes the place of the primary auth file ($XDG_RUNTIME_DIR/containers/auth.json), which is not read', {});
  } else if (snapshot.platform === 'darwin' || snapshot.platform === 'win32') {
    add(posix.join(homeDir, '.config/containers/auth.json'), 'containers-auth', 'primary auth file on this OS', false);
  } else {
    const runtimeDir = nonEmpty(snapshot, 'XDG_RUNTIME_DIR');
    if (runtimeDir !== null) {
      if (snapshot.exists(runtimeDir)) {
        add(posix.join(runtimeDir, 'containers/auth.json'), 'containers-auth', 'primary auth file: $XDG_RUNTIME_DIR/containers/auth.json', false);
      } else {
        out.trace.warning(
          'file.locate',
          `"${runtimeDir}" directory set by $XDG_RUNTIME_DIR does not exist: the primary auth file is skipped (podman warns "Trying to pull image in the event that it is a public image.")`,
          { tried: runtimeDir },
        );
      }
    } else {
      add(`/run/containers/${snapshot.uid}/auth.json`, 'containers-auth', 'primary auth file: /run/containers/<uid>/auth.json ($XDG_RUNTIME_DIR is not set)', false);
    }
  }
  const configHome = nonEmpty(snapshot, 'XDG_CONFIG_HOME') ?? posix.join(homeDir, '.config');
  add(posix.join(configHome, 'containers/auth.json'), 'containers-auth', '$XDG_CONFIG_HOME/containers/auth.json (default ~/.config)', false);
  if (dockerConfig !== null) {
    add(posix.join(dockerConfig, 'config.json'), 'containers-auth', "DOCKER_CONFIG is set: Docker's config.json there", false);
  } else {
    add(posix.join(homeDir, '.docker/config.json'), 'containers-auth', "Docker's ~/.docker/config.json", false);
  }
  add(posix.join(homeDir, '.dockercfg'), 'dockercfg', 'legacy ~/.dockercfg (flat format)', false);
  out.trace.info('file.locate', 'files are searched in this order; the first one with a usable entry wins, and a broken file stops the search');
  return out.build();
}

export interface RegistriesConfLocateOptions {
  tool: 'podman' | 'skopeo' | 'buildah';
  /** containers/image 5.40 and later find the files through containers/storage's configfile search */
  searchV2: boolean;
}

export interface RegistriesConfFile {
  path: string;
  role: 'main' | 'drop-in' | 'override';
  /** a path the user named: its absence is an error, not an empty configuration */
  mustExist: boolean;
}

export interface RegistriesConfDiscovery {
  files: RegistriesConfFile[];
  trace: Discovery['trace'];
}

const SYSTEM_REGISTRIES_CONF = '/etc/containers/registries.conf';
const VENDOR_REGISTRIES_CONF = '/usr/share/containers/registries.conf';

/** registries.conf and its drop-ins in the order containers/image merges them (later ones win). */
export function locateRegistriesConf(snapshot: LocateEnvironment, options: RegistriesConfLocateOptions): RegistriesConfDiscovery {
  const trace = new Trace();
  const files: RegistriesConfFile[] = [];
  const envPath = nonEmpty(snapshot, 'CONTAINERS_REGISTRIES_CONF');
  // before 5.40 podman and buildah turned the variable into SystemContext.SystemRegistriesConfPath
  // and skopeo ignored it; from 5.40 the library reads it itself
  const toolSetsPath = envPath !== null && options.tool !== 'skopeo';
  const listConfs = (dir: string): string[] =>
    (snapshot.listDir?.(dir) ?? []).filter((entry) => !entry.isDirectory && entry.name.endsWith('.conf')).map((entry) => entry.name).sort();
  const addMain = (path: string, mustExist: boolean, why: string): void => {
    files.push({ path, role: 'main', mustExist });
    trace.matched('registries-conf.locate', why, { tried: path, file: path });
  };

  if (!options.searchV2) {
    const userFile = posix.join(home(snapshot), '.config/containers/registries.conf');
    const userDir = `${userFile}.d`;
    let dirs: string[];
    if (toolSetsPath) {
      addMain(envPath, true, `CONTAINERS_REGISTRIES_CONF names the registries.conf ${options.tool} reads`);
      dirs = [`${SYSTEM_REGISTRIES_CONF}.d`, userDir];
    } else if (snapshot.exists(userFile)) {
      if (envPath !== null) trace.skipped('registries-conf.locate', 'skopeo does not read CONTAINERS_REGISTRIES_CONF (only --registries-conf)', { tried: envPath });
      addMain(userFile, false, 'a per-user registries.conf exists: it replaces the system file, and only the per-user drop-ins apply');
      dirs = [userDir];
    } else {
      if (envPath !== null) trace.skipped('registries-conf.locate', 'skopeo does not read CONTAINERS_REGISTRIES_CONF (only --registries-conf)', { tried: envPath });
      addMain(SYSTEM_REGISTRIES_CONF, false, 'no per-user registries.conf: the system file is read (an absent file is an empty configuration)');
      dirs = [`${SYSTEM_REGISTRIES_CONF}.d`, userDir];
    }
    for (const dir of dirs) {
      for (const name of listConfs(dir)) {
        const path = posix.join(dir, name);
        files.push({ path, role: 'drop-in', mustExist: false });
        trace.matched('registries-conf.locate', `drop-in from ${dir} (each directory in name order; later files override earlier ones)`, { tried: path, file: path });
      }
    }
    return { files, trace: trace.steps };
  }

  const configHome = snapshot.env['XDG_CONFIG_HOME'] ?? posix.join(home(snapshot), '.config');
  const userFile = posix.join(configHome, 'containers/registries.conf');
  let loadDropIns = true;
  if (envPath !== null) {
    addMain(envPath, true, 'CONTAINERS_REGISTRIES_CONF names the only registries.conf read: no drop-ins');
    loadDropIns = false;
  } else {
    const main = [userFile, SYSTEM_REGISTRIES_CONF, VENDOR_REGISTRIES_CONF].find((path) => snapshot.exists(path));
    if (main === undefined) trace.missing('registries-conf.locate', 'no registries.conf in ~/.config/containers, /etc/containers or /usr/share/containers', { tried: userFile });
    else addMain(main, false, 'the first registries.conf found in ~/.config/containers, /etc/containers, /usr/share/containers');
  }
  if (loadDropIns) {
    const special = (main: string): string[] => {
      const stem = main.slice(0, -'.conf'.length);
      if (snapshot.uid === 0) return [`${stem}.rootful.conf.d`, `${main}.d`];
      return [posix.join(`${stem}.rootless.conf.d`, String(snapshot.uid)), `${stem}.rootless.conf.d`, `${main}.d`];
    };
    // highest priority first; a name in a higher directory hides the same name below
    const dirs = [`${userFile}.d`, ...special(SYSTEM_REGISTRIES_CONF), ...special(VENDOR_REGISTRIES_CONF)];
    const byName = new Map<string, string>();
    for (const dir of [...dirs].reverse()) for (const name of listConfs(dir)) byName.set(name, posix.join(dir, name));
    for (const name of [...byName.keys()].sort()) {
      const path = byName.get(name) ?? '';
      files.push({ path, role: 'drop-in', mustExist: false });
      trace.matched('registries-conf.locate', 'drop-in (all drop-in directories merged by file name, read in name order)', { tried: path, file: path });
    }
  }
  const override = nonEmpty(snapshot, 'CONTAINERS_REGISTRIES_CONF_OVERRIDE');
  if (override !== null) {
    files.push({ path: override, role: 'override', mustExist: true });
    trace.matched('registries-conf.locate', 'CONTAINERS_REGISTRIES_CONF_OVERRIDE is read last', { tried: override, file: override });
  }
  return { files, trace: trace.steps };
}

// ---------------------------------------------------------------------------------------------
// crane (go-containerregistry authn.DefaultKeychain)

/**
 * authn.DefaultKeychain: Docker's config.json when $HOME/.docker/config.json or
 * $DOCKER_CONFIG/config.json is a file (a directory does not count), else REGISTRY_AUTH_FILE,
 * else podman's auth.json ($XDG_RUNTIME_DIR, else $XDG_CONFIG_HOME or ~/.config).
 */
export interface CraneDiscovery extends Discovery {
  /** config.Load (Docker's config directory; its errors name the file) or LoadFromReader (the others) */
  loader: 'config.Load' | 'LoadFromReader' | null;
}

export function locateCrane(snapshot: LocateEnvironment): CraneDiscovery {
  const out = new DiscoveryBuilder();
  const homeDir = nonEmpty(snapshot, 'HOME');
  const dockerConfig = nonEmpty(snapshot, 'DOCKER_CONFIG');
  const homeConfig = homeDir === null ? null : posix.join(homeDir, '.docker/config.json');
  const envConfig = dockerConfig === null ? null : posix.join(dockerConfig, 'config.json');
  const found = [homeConfig, envConfig].filter((path): path is string => path !== null && isFile(snapshot, path));
  for (const path of [homeConfig, envConfig]) {
    if (path !== null && !found.includes(path) && snapshot.exists(path)) out.trace.skipped('file.locate', 'a directory, not a file: crane goes on to the next candidate', { tried: path, file: path });
  }
  if (found.length > 0) {
    // config.Load(DOCKER_CONFIG): the directory named by DOCKER_CONFIG, else ~/.docker
    const loaded = envConfig ?? posix.join(homeDir ?? snapshot.homeDir, '.docker/config.json');
    const why =
      envConfig !== null && !found.includes(envConfig)
        ? '~/.docker/config.json exists, so crane loads the Docker config — from DOCKER_CONFIG, where there is no config.json file: no credentials at all'
        : 'a Docker config.json exists: crane loads it (no default credential store, no ~/.dockercfg)';
    out.add(loaded, 'docker-config', why, dockerConfig !== null);
    return { ...out.build(), loader: 'config.Load' };
  }
  out.trace.missing('file.locate', 'no Docker config.json', { tried: envConfig ?? homeConfig ?? '~/.docker/config.json' });
  const registryAuthFile = nonEmpty(snapshot, 'REGISTRY_AUTH_FILE');
  if (registryAuthFile !== null) {
    const path = posix.normalize(registryAuthFile);
    if (isFile(snapshot, path)) {
      out.add(path, 'docker-config', 'REGISTRY_AUTH_FILE exists: crane reads it with the Docker parser', true);
      return { ...out.build(), loader: 'LoadFromReader' };
    }
    out.trace.missing('file.locate', 'REGISTRY_AUTH_FILE is set but names no file', { tried: registryAuthFile });
  }
  const runtimeDir = nonEmpty(snapshot, 'XDG_RUNTIME_DIR');
  const configHome = nonEmpty(snapshot, 'XDG_CONFIG_HOME') ?? (homeDir === null ? null : posix.join(homeDir, '.config'));
  const runtimeAuth = runtimeDir === null ? null : posix.join(runtimeDir, 'containers/auth.json');
  const podmanAuth = runtimeAuth !== null && isFile(snapshot, runtimeAuth) ? runtimeAuth : configHome === null ? runtimeAuth : posix.join(configHome, 'containers/auth.json');
  if (podmanAuth !== null && isFile(snapshot, podmanAuth)) {
    out.add(podmanAuth, 'docker-config', 'a podman auth.json exists: crane reads it with the Docker parser (a "docker.io" key is not Docker Hub there)', false);
    return { ...out.build(), loader: 'LoadFromReader' };
  }
  if (podmanAuth !== null) out.trace.missing('file.locate', 'no podman auth.json here', { tried: podmanAuth });
  out.trace.info('file.locate', 'no credential file found: crane is anonymous');
  return { ...out.build(), loader: null };
}

// ---------------------------------------------------------------------------------------------
// kubelet

export interface KubeletLocateOptions {
  /** pull secrets given by the user */
  secretFiles?: string[];
  /** the kubelet root directory (its "preferred" docker config path) */
  rootDir?: string;
}

export function locateKubelet(snapshot: LocateEnvironment, options: KubeletLocateOptions = {}): Discovery {
  const out = new DiscoveryBuilder();
  const secrets = options.secretFiles ?? [];
  if (secrets.length > 0) {
    for (const path of secrets) out.add(path, 'pull-secret', 'pull secret given on the command line (every matching entry of every secret is tried)', true);
    return out.build();
  }
  const rootDir = options.rootDir ?? '/var/lib/kubelet';
  const homeDir = nonEmpty(snapshot, 'HOME') ?? '';
  // The kubelet also searches its own working directory, / under systemd. The directory this
  // command runs in is not the kubelet's and may be shared with other users: it is never read.
  const kubeletWorkDir = '/';
  out.trace.info('file.locate', `the kubelet also reads config.json and .dockercfg in its working directory, taken as ${kubeletWorkDir} (systemd's default); the current directory is not read: name a file there with --pull-secret or --config`, {
    tried: './config.json',
  });
  const jsonDirs = [rootDir, kubeletWorkDir, posix.join(homeDir, '.docker'), '/.docker'];
  const cfgDirs = [rootDir, kubeletWorkDir, homeDir, '/'];
  const seen = new Set<string>();
  const consider = (path: string, format: FileFormat, reason: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    if (snapshot.exists(path)) out.add(path, format, reason, false);
    else out.trace.missing('file.locate', reason, { tried: path });
  };
  for (const dir of jsonDirs) consider(posix.join(dir, 'config.json'), 'docker-config', 'node-level config.json (the first one that parses wins)');
  for (const dir of cfgDirs) consider(posix.join(dir, '.dockercfg'), 'dockercfg', 'node-level .dockercfg, used when no config.json parses');
  return out.build();
}

// ---------------------------------------------------------------------------------------------
// `--config FILE`: one file for every client

export function locateOverride(path: string, client: ClientFamily): Discovery {
  const out = new DiscoveryBuilder();
  const format: Record<ClientFamily, FileFormat> = {
    docker: 'docker-config',
    containers: 'containers-auth',
    crane: 'docker-config',
    kubelet: 'pull-secret',
  };
  const role: Record<ClientFamily, string> = {
    docker: 'read as Docker\'s config.json',
    containers: 'read as --authfile (the only file)',
    crane: 'read as crane\'s Docker config',
    kubelet: 'read as a pull secret',
  };
  out.add(path, format[client], `--config names this file: ${role[client]}`, true);
  return out.build();
}

// ---------------------------------------------------------------------------------------------
// containerd (CRI plugin) and k3s

export interface ContainerdLocateOptions {
  /** `containerd --config FILE` (default /etc/containerd/config.toml) */
  configFile?: string;
  /** k3s `--private-registry FILE` (default /etc/rancher/k3s/registries.yaml) */
  k3sRegistries?: string;
}

export interface ContainerdDiscovery extends Discovery {
  /** k3s writes containerd's registry files from registries.yaml; plain containerd reads config.toml */
  mode: 'containerd' | 'k3s';
}

export const CONTAINERD_CONFIG = '/etc/containerd/config.toml';
export const K3S_REGISTRIES = '/etc/rancher/k3s/registries.yaml';

/** k3s when its registries.yaml exists (or is named), else containerd's own config.toml. */
export function locateContainerd(snapshot: LocateEnvironment, options: ContainerdLocateOptions = {}): ContainerdDiscovery {
  const out = new DiscoveryBuilder();
  const k3sFile = options.k3sRegistries ?? K3S_REGISTRIES;
  if (options.k3sRegistries !== undefined || (options.configFile === undefined && isFile(snapshot, k3sFile))) {
    const named = options.k3sRegistries !== undefined;
    out.add(k3sFile, 'k3s-registries', named ? '--k3s-registries names the k3s registries.yaml' : 'k3s reads /etc/rancher/k3s/registries.yaml and writes containerd\'s registry files from it', named);
    return { ...out.build(), mode: 'k3s' };
  }
  if (options.configFile === undefined) out.trace.missing('file.locate', 'no k3s registries.yaml: a plain containerd node', { tried: k3sFile });
  const configFile = options.configFile ?? CONTAINERD_CONFIG;
  out.add(configFile, 'containerd-config', options.configFile === undefined ? 'containerd\'s default configuration file' : 'named as containerd --config would be', options.configFile !== undefined);
  return { ...out.build(), mode: 'containerd' };
}

/** containerd's hostDirectory: "host:port" is looked up as "host_port_" first. */
export function containerdHostPaths(root: string, host: string): string[] {
  const colon = host.lastIndexOf(':');
  const special = colon > 0 ? `${host.slice(0, colon)}_${host.slice(colon + 1)}_` : host;
  return [...(special === host ? [] : [posix.join(root, special)]), posix.join(root, host), posix.join(root, '_default')];
}

/**
 * The directory containerd's HostDirFromRoot picks for `host` under each root of `config_path`
 * (colon-separated, first root with a match wins): `host_port_`, `host`, then `_default`.
 */
export function locateContainerdHostsDir(snapshot: LocateEnvironment, configPath: string, host: string): { roots: string[]; tried: string[]; dir: string | null } {
  const roots = configPath.split(':').filter((root) => root !== '');
  const tried: string[] = [];
  for (const root of roots) {
    for (const path of containerdHostPaths(root, host)) {
      tried.push(path);
      if (snapshot.exists(path)) return { roots, tried, dir: path };
    }
  }
  return { roots, tried, dir: null };
}
