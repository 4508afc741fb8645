import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, readFile, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { delimiter, dirname, join, posix } from 'node:path';
import { resolveDocker } from '../clients/docker.js';
import { decodeDockerAuthConfigEnv } from '../config/docker-file.js';
import { CURRENT_DOCKER_VERSION, type DockerVersion, parseDockerVersion } from '../config/docker-version.js';
import { type LocateEnvironment, locateContainers, locateCrane, locateDocker, locateOverride } from '../config/locate.js';
import type { DockerConfigView, FileFormat } from '../config/model.js';
import { readCredentialFile } from '../config/read-file.js';
import { answerQueries, findExecutable, helperList, type HelperAnswer, type HelperQuery, helperKey } from '../helpers/index.js';
import { parseImageRef } from '../reference/index.js';
import { type AccessReport, checkAccess } from '../registry/index.js';
import type { RegistryCredentials } from '../registry/credentials.js';
import { helperFor } from './checks/support.js';
import { containersFileFacts, dockerConfigFacts } from './derive.js';
import type { AccessFacts, AccessResult, DaemonFacts, EnvironmentFacts, Facts, FileMeta, HelperFacts } from './facts.js';
import { gatherBackupFacts } from './checks/backups.js';
import { DOCKER_HUB_KEY, dockerLookupKey, registryOfKey } from './keys.js';

/**
 * The I/O half of `doctor`: reads the environment, files, helpers and (unless offline) the
 * registries once, and returns plain Facts for the pure checks.
 */
export interface GatherOptions {
  env?: NodeJS.ProcessEnv;
  /** skip the registry check */
  offline?: boolean;
  /** `doctor IMAGE`: check this image's registry and repository */
  image?: string | null;
  /** `--push`: also verify push to the image's repository */
  push?: boolean;
  /** `--config FILE`: the Docker config file to examine */
  configFile?: string;
  /** per helper call; default 5 s */
  helperTimeoutMs?: number;
  /** whole online phase; default 20 s */
  deadlineMs?: number;
  now?: Date;
  /** the docker binary asked for its version; default "docker" on PATH */
  dockerBinary?: string;
  daemonConfigPath?: string;
  /** replaces the registry check (tests) */
  checkAccess?: typeof checkAccess;
}

export async function gatherFacts(options: GatherOptions = {}): Promise<Facts> {
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();
  const environment = await environmentFacts(env);
  const version = await dockerVersion(options.dockerBinary ?? 'docker', env);
  const assumedVersion = version ?? CURRENT_DOCKER_VERSION;
  const snapshot = locateEnvironment(env, environment);

  const dockerDiscovery = locateDocker(snapshot, {
    version: assumedVersion,
    ...(options.configFile === undefined ? {} : { configDir: dirname(options.configFile) }),
  });
  const configPath = options.configFile ?? posix.join(dockerDiscovery.configDir, 'config.json');
  const configDirReason = dockerDiscovery.candidates[0]?.reason ?? 'default directory $HOME/.docker';
  const config = await readDockerConfig(configPath, assumedVersion);
  const legacyPath = environment.home === null ? null : join(environment.home, '.dockercfg');

  // with --config FILE every client reads that one file, as in resolve
  const containersDiscovery =
    options.configFile === undefined ? locateContainers(snapshot, { tool: 'podman' }) : locateOverride(options.configFile, 'containers');
  const containersFiles = await Promise.all(
    containersDiscovery.candidates.map(async (candidate) => {
      const { meta, text } = await readWithMeta(candidate.path, candidate.format);
      return containersFileFacts(candidate.path, candidate.reason, meta, text, candidate.format);
    }),
  );
  const craneCandidate = (options.configFile === undefined ? locateCrane(snapshot) : locateOverride(options.configFile, 'crane')).candidates[0];

  const helpers = await helperFacts(config.view, options, env);
  const authEnv = decodeDockerAuthConfigEnv(env['DOCKER_AUTH_CONFIG'], maxVersion(assumedVersion, { major: 28, minor: 3, patch: 0 }));

  const facts: Facts = {
    now: now.toISOString(),
    environment,
    docker: {
      version,
      assumedVersion,
      configDir: { path: dirname(configPath), reason: configDirReason, meta: await fileMeta(dirname(configPath)) },
      config,
      legacyDockercfg: legacyPath === null ? null : await fileMeta(legacyPath),
      authConfigEnv: { present: authEnv.present, error: authEnv.error, keys: authEnv.auths.map((entry) => entry.key) },
      otherConfigs: await otherConfigs(environment, configPath, assumedVersion),
    },
    containers: { files: containersFiles },
    crane: craneCandidate === undefined ? { path: null, reason: 'no config file exists: crane is anonymous' } : { path: craneCandidate.path, reason: craneCandidate.reason },
    helpers,
    daemon: await daemonFacts(options.daemonConfigPath ?? '/etc/docker/daemon.json'),
    access: { skipped: 'offline', results: [] },
    options: { offline: options.offline === true, image: options.image ?? null, push: options.push === true },
  };
  facts.strayCopies = await gatherBackupFacts([configPath, ...containersFiles.map((file) => file.path)]);
  if (options.offline !== true) facts.access = await accessFacts(facts, options, env);
  return facts;
}

// ---------------------------------------------------------------------------------------------
// environment

const CI_VARIABLES: ReadonlyArray<[string, string]> = [
  ['GITHUB_ACTIONS', 'GitHub Actions'],
  ['GITLAB_CI', 'GitLab CI'],
  ['JENKINS_URL', 'Jenkins'],
  ['BUILDKITE', 'Buildkite'],
  ['CIRCLECI', 'CircleCI'],
  ['TRAVIS', 'Travis CI'],
  ['TF_BUILD', 'Azure Pipelines'],
  ['BITBUCKET_BUILD_NUMBER', 'Bitbucket Pipelines'],
  ['TEAMCITY_VERSION', 'TeamCity'],
  ['CI', 'CI'],
];

function nonEmpty(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name];
  return value === undefined || value === '' ? null : value;
}

async function environmentFacts(env: NodeJS.ProcessEnv): Promise<EnvironmentFacts> {
  const sudoUser = nonEmpty(env, 'SUDO_USER');
  const home = nonEmpty(env, 'HOME') ?? safe(() => homedir());
  return {
    platform: process.platform,
    uid: typeof process.getuid === 'function' ? process.getuid() : null,
    user: safe(() => userInfo().username),
    home,
    sudoUser,
    sudoUserHome: sudoUser === null ? null : await passwdHome(sudoUser),
    dockerConfig: nonEmpty(env, 'DOCKER_CONFIG'),
    registryAuthFile: nonEmpty(env, 'REGISTRY_AUTH_FILE'),
    dockerAuthConfigSet: nonEmpty(env, 'DOCKER_AUTH_CONFIG') !== null,
    xdgRuntimeDir: nonEmpty(env, 'XDG_RUNTIME_DIR'),
    xdgConfigHome: nonEmpty(env, 'XDG_CONFIG_HOME'),
    ci: CI_VARIABLES.find(([name]) => nonEmpty(env, name) !== null && env[name] !== 'false')?.[1] ?? null,
    wsl: nonEmpty(env, 'WSL_DISTRO_NAME') !== null || /microsoft/i.test(await readText('/proc/version')),
    snapDocker: await snapDocker(env, home),
  };
}

function safe<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

async function passwdHome(user: string): Promise<string | null> {
  for (const line of (await readText('/etc/passwd')).split('\n')) {
    const fields = line.split(':');
    if (fields[0] === user && fields[5] !== undefined && fields[5] !== '') return fields[5];
  }
  return null;
}

async function snapDocker(env: NodeJS.ProcessEnv, home: string | null): Promise<EnvironmentFacts['snapDocker']> {
  const found = await findExecutable('docker', env['PATH']);
  const target = found.kind === 'found' ? await realpath(found.path).catch(() => found.path) : null;
  const installed = target !== null && (target.startsWith('/snap/') || found.kind === 'found' && found.path.startsWith('/snap/bin/'));
  const configFiles: string[] = [];
  if (installed && home !== null) {
    const base = join(home, 'snap', 'docker');
    for (const revision of await readdir(base).catch(() => [] as string[])) {
      const candidate = join(base, revision, '.docker', 'config.json');
      if (revision !== 'common' && existsSync(candidate)) configFiles.push(candidate);
    }
  }
  return { installed, configFiles };
}

function locateEnvironment(env: NodeJS.ProcessEnv, environment: EnvironmentFacts): LocateEnvironment {
  const pathDirs = (env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '');
  return {
    env,
    homeDir: environment.home ?? '/',
    uid: environment.uid ?? 0,
    platform: environment.platform,
    exists: (path) => existsSync(path),
    onPath: (bin) => pathDirs.some((dir) => existsSync(join(dir, bin))),
  };
}

// ---------------------------------------------------------------------------------------------
// files

async function fileMeta(path: string): Promise<FileMeta> {
  const meta: FileMeta = { path, kind: 'missing', symlink: null, mode: null, uid: null, gid: null, ioError: null };
  let link;
  try {
    link = await lstat(path);
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'ENOENT') meta.ioError = { code, message: `stat ${path}: ${code}` };
    if (code === 'ENOTDIR') meta.kind = 'other';
    return meta;
  }
  let info = link;
  if (link.isSymbolicLink()) {
    const target = await readlink(path).catch(() => '');
    try {
      info = await stat(path);
      meta.symlink = { target, dangling: false };
    } catch {
      meta.symlink = { target, dangling: true };
      return meta;
    }
  }
  meta.kind = info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
  meta.mode = info.mode & 0o7777;
  meta.uid = info.uid;
  meta.gid = info.gid;
  return meta;
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'EIO';
}

async function readWithMeta(path: string, format: FileFormat): Promise<{ meta: FileMeta; text: string }> {
  const meta = await fileMeta(path);
  if (meta.kind !== 'file') return { meta, text: '' };
  const loaded = await readCredentialFile(path, format);
  if (loaded.ioError !== null) meta.ioError = loaded.ioError;
  return { meta, text: loaded.text };
}

async function readDockerConfig(path: string, version: DockerVersion): Promise<Facts['docker']['config']> {
  const { meta, text } = await readWithMeta(path, 'docker-config');
  return dockerConfigFacts(meta, text, version);
}

/** The sudo user's own file (under sudo) and the snap package's files. */
async function otherConfigs(environment: EnvironmentFacts, configPath: string, version: DockerVersion): Promise<Facts['docker']['otherConfigs']> {
  const others: Facts['docker']['otherConfigs'] = [];
  const candidates: Array<{ path: string; reason: string }> = [];
  if (environment.uid === 0 && environment.sudoUserHome !== null) {
    candidates.push({ path: join(environment.sudoUserHome, '.docker', 'config.json'), reason: 'sudo' });
  }
  for (const path of environment.snapDocker.configFiles) candidates.push({ path, reason: 'snap' });
  for (const candidate of candidates) {
    if (candidate.path === configPath) continue;
    const facts = await readDockerConfig(candidate.path, version);
    if (facts.meta.kind === 'file') others.push({ ...candidate, keys: facts.view.auths.map((entry) => entry.key) });
  }
  return others;
}

async function daemonFacts(path: string): Promise<DaemonFacts | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  const facts: DaemonFacts = { path, insecureRegistries: [], mirrors: [], proxies: {}, error: null };
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    facts.insecureRegistries = strings(parsed['insecure-registries']);
    facts.mirrors = strings(parsed['registry-mirrors']);
    const proxies = parsed['proxies'];
    if (proxies !== null && typeof proxies === 'object') {
      for (const [name, value] of Object.entries(proxies)) if (typeof value === 'string') facts.proxies[name] = withoutUserInfo(value);
    }
  } catch (error) {
    facts.error = error instanceof Error ? error.message : String(error);
  }
  return facts;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Proxy URLs may carry a password. */
function withoutUserInfo(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}

// ---------------------------------------------------------------------------------------------
// docker version and helpers

async function dockerVersion(binary: string, env: NodeJS.ProcessEnv): Promise<DockerVersion | null> {
  const stdout = await new Promise<string>((resolve) => {
    // SIGKILL: the Docker CLI handles SIGTERM itself and ignores it while blocked opening a FIFO config
    execFile(binary, ['version', '--format', '{{.Client.Version}}'], { env, timeout: 5_000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 }, (_error, out) => resolve(String(out ?? '')));
  });
  const firstLine = stdout.split('\n')[0] ?? '';
  return parseDockerVersion(firstLine);
}

function maxVersion(a: DockerVersion, b: DockerVersion): DockerVersion {
  return a.major * 1e6 + a.minor * 1e3 + a.patch >= b.major * 1e6 + b.minor * 1e3 + b.patch ? a : b;
}

/** The questions Docker would ask helpers: one per lookup key that a helper covers. */
function helperQueries(view: DockerConfigView, image: string | null): HelperQuery[] {
  const lookupKeys = new Set<string>();
  for (const entry of view.auths) {
    const key = dockerLookupKey(entry.key);
    if (key !== null) lookupKeys.add(key);
  }
  for (const entry of view.credHelpers) lookupKeys.add(entry.key);
  if (image !== null) {
    const ref = safe(() => parseImageRef(image));
    if (ref !== null) lookupKeys.add(ref.registry === 'docker.io' ? DOCKER_HUB_KEY : ref.registry);
  }
  const queries: HelperQuery[] = [];
  for (const key of lookupKeys) {
    const perKey = view.credHelpers.find((entry) => entry.key === key);
    const helper = perKey !== undefined && perKey.helper !== '' ? perKey.helper : helperFor(view, key)?.name;
    if (helper !== undefined) queries.push({ helper, serverURL: key });
  }
  return queries;
}

async function helperFacts(view: DockerConfigView, options: GatherOptions, env: NodeJS.ProcessEnv): Promise<HelperFacts[]> {
  const file = view.file.path;
  const byName = new Map<string, HelperFacts>();
  const entry = (name: string): HelperFacts => {
    let facts = byName.get(name);
    if (facts === undefined) {
      facts = { name, configuredBy: [], path: null, list: { kind: 'not-run' }, answers: [] };
      byName.set(name, facts);
    }
    return facts;
  };
  if (view.credsStore !== null) entry(view.credsStore.value).configuredBy.push({ file, key: null, line: view.credsStore.pos.line, setting: 'credsStore' });
  for (const helper of view.credHelpers) {
    if (helper.helper !== '') entry(helper.helper).configuredBy.push({ file, key: helper.key, line: helper.pos.line, setting: 'credHelpers' });
  }
  const runOptions = { env, timeoutMs: options.helperTimeoutMs ?? 5_000 };
  await Promise.all(
    [...byName.values()].map(async (helper) => {
      const found = await findExecutable(`docker-credential-${helper.name}`, env['PATH']);
      if (found.kind !== 'found') return;
      helper.path = found.path;
      const listed = await helperList(helper.name, runOptions);
      helper.list = listed.kind === 'listed' ? listed : { kind: 'failed', message: failureMessage(listed), stderr: listed.kind === 'failed' ? listed.stderr : '' };
    }),
  );
  const queries = helperQueries(view, options.image ?? null).filter((query) => byName.get(query.helper)?.path !== null);
  const answers = await answerQueries(queries, runOptions);
  for (const query of queries) {
    const answer = answers.get(helperKey(query));
    if (answer !== undefined) entry(query.helper).answers.push({ serverURL: query.serverURL, answer });
  }
  return [...byName.values()];
}

function failureMessage(failure: Exclude<HelperAnswer, { kind: 'found' | 'not-found' }>): string {
  switch (failure.kind) {
    case 'missing':
      return `${failure.binary} is not on PATH`;
    case 'timeout':
      return `no answer within ${failure.afterMs} ms`;
    case 'failed':
    case 'bad-output':
      return failure.message;
  }
}

// ---------------------------------------------------------------------------------------------
// registry check

async function accessFacts(facts: Facts, options: GatherOptions, env: NodeJS.ProcessEnv): Promise<AccessFacts> {
  const view = facts.docker.config.view;
  const answers = new Map<string, HelperAnswer>();
  for (const helper of facts.helpers) for (const item of helper.answers) answers.set(helperKey({ helper: helper.name, serverURL: item.serverURL }), item.answer);

  const targets = new Map<string, { registry: string; repository: string | null; input: string }>();
  const image = options.image ?? null;
  const ref = image === null ? null : safe(() => parseImageRef(image));
  if (ref !== null) {
    targets.set(ref.registry, { registry: ref.registry, repository: ref.repository, input: ref.input });
  } else {
    for (const entry of view.auths) {
      if (dockerLookupKey(entry.key) === null) continue;
      const registry = registryOfKey(entry.key);
      const probeName = `${registry}/${registry === 'docker.io' ? 'library/hello-world' : 'regauth-probe'}`;
      targets.set(registry, { registry, repository: null, input: probeName });
    }
  }
  if (targets.size === 0) return { skipped: 'no credentials to check', results: [] };

  const run = options.checkAccess ?? checkAccess;
  const deadlineMs = options.deadlineMs ?? 20_000;
  const results = await Promise.all(
    [...targets.values()].map(async (target): Promise<AccessResult | null> => {
      const resolution = resolveDocker({
        registry: target.registry,
        version: facts.docker.assumedVersion,
        config: view,
        defaultStore: null,
        authConfigEnv: null,
        answers,
      });
      if (resolution.credentials === null && image === null) return null;
      const base: AccessResult = {
        registry: target.registry,
        repository: target.repository,
        file: resolution.configFile,
        key: resolution.key,
        username: resolution.username,
        completed: false,
        authenticated: null,
        pull: null,
        push: null,
        problems: [],
      };
      const probeRef = safe(() => parseImageRef(target.input));
      if (probeRef === null) return base;
      const credentials: RegistryCredentials | null = resolution.credentials === null ? null : toRegistryCredentials(resolution.credentials);
      try {
        const report = await withDeadline(
          run({ ref: probeRef, credentials, push: facts.options.push && target.repository !== null, deadlineMs, env }),
          deadlineMs + 1_000,
        );
        return report === null ? { ...base, problems: [{ id: 'timeout', detail: `no verdict within ${deadlineMs} ms` }] } : fromReport(base, report);
      } catch (error) {
        return { ...base, problems: [{ id: 'unexpected-response', detail: error instanceof Error ? error.message : String(error) }] };
      }
    }),
  );
  const done = results.filter((result): result is AccessResult => result !== null);
  return { skipped: done.length === 0 ? 'no credentials to check' : null, results: done };
}

function toRegistryCredentials(credentials: NonNullable<ReturnType<typeof resolveDocker>['credentials']>): RegistryCredentials {
  return {
    username: credentials.username,
    ...(credentials.password === null ? {} : { password: credentials.password }),
    ...(credentials.identityToken === null ? {} : { identityToken: credentials.identityToken }),
    ...(credentials.registryToken === null ? {} : { registryToken: credentials.registryToken }),
  };
}

function fromReport(base: AccessResult, report: AccessReport): AccessResult {
  const verdict = (value: string): boolean | null => (value === 'granted' ? true : value === 'denied' ? false : null);
  return {
    ...base,
    completed: report.endpoint !== null,
    authenticated: report.authenticated,
    pull: verdict(report.pull),
    push: verdict(report.push),
    problems: report.problems.map((problem) => ({ id: problem.id, detail: problem.detail })),
  };
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
