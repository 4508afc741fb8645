import { existsSync } from 'node:fs';
import { lstat, readFile, readdir, readlink, stat } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { ContainersRelease } from '../clients/containers-versions.js';
import type { ClientId, Resolution } from '../clients/model.js';
import { decodeContainersAuth } from '../config/containers-file.js';
import { decodeDockerAuthConfigEnv, decodeDockerConfig } from '../config/docker-file.js';
import type { DockerVersion } from '../config/docker-version.js';
import { decodeKubeletSecret } from '../config/kube-secret.js';
import type { DockerConfigView, LoadedFile } from '../config/model.js';
import { readCredentialFile } from '../config/read-file.js';
import { helperList, lookPath, type HelperAnswer } from '../helpers/index.js';
import { parseImageRef } from '../reference/index.js';
import { type AccessReport, checkAccess } from '../registry/index.js';
import { toRegistryCredentials } from '../resolve/credentials.js';
import { type ResolveContext, discoverFor, dockerModelOf, loadClientFiles, resolveContext } from '../resolve/resolve.js';
import { isSnapProgram } from '../resolve/environment.js';
import { pathOf } from '../util/look-path.js';
import { containersFileFactsOf, dockerConfigFactsOf } from './derive.js';
import type { AccessFacts, AccessResult, DaemonFacts, EnvironmentFacts, Facts, FileMeta, HelperFacts } from './facts.js';
import { type NamedKey, type ProbeRun, probeTargets, runProbes } from './resolutions.js';
import { gatherBackupFacts } from './checks/backups.js';
import { contextFacts, passStoreFacts, sharedConfigFacts } from './gather-environment.js';

/**
 * The I/O half of `doctor`: reads the environment, files, helpers and (unless offline) the
 * registries once, and returns plain Facts for the pure checks. What each client sends comes
 * from the resolvers, run through one resolve context (the same discovery, file cache and
 * helper answers as `resolve`).
 */
export interface GatherOptions {
  env?: NodeJS.ProcessEnv;
  /** skip the registry check */
  offline?: boolean;
  /** `doctor IMAGE`: check this image's registry and repository */
  image?: string | null;
  /** `--push`: also verify push to the image's repository */
  push?: boolean;
  /** `--config FILE`: the file every client reads */
  configFile?: string;
  /** `--docker-version`: the Docker CLI release to model instead of the installed one */
  dockerVersion?: DockerVersion;
  /** `--containers-version`: the containers/image release to model instead of the installed tools' */
  containersRelease?: ContainersRelease;
  /** `--client`: the client the user is about to use (default docker) */
  client?: ClientId;
  /** which program of the containers family to model (default podman, which also checks its auth file exists) */
  containersTool?: 'podman' | 'skopeo' | 'buildah';
  /** per helper call; default 5 s */
  helperTimeoutMs?: number;
  /** whole online phase; default 5 s */
  deadlineMs?: number;
  now?: Date;
  daemonConfigPath?: string;
  /** replaces the registry check (tests) */
  checkAccess?: typeof checkAccess;
}

export async function gatherFacts(options: GatherOptions = {}): Promise<Facts> {
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();
  const environment = await environmentFacts(env);
  const context = resolveContext({
    env,
    ...(options.configFile === undefined ? {} : { configFile: options.configFile }),
    ...(options.dockerVersion === undefined ? {} : { dockerVersion: options.dockerVersion }),
    ...(options.containersTool === undefined ? {} : { containersTool: options.containersTool }),
    ...(options.containersRelease === undefined ? {} : { containersRelease: options.containersRelease }),
    helperTimeoutMs: options.helperTimeoutMs ?? 5_000,
    ...(options.daemonConfigPath === undefined ? {} : { daemonConfig: options.daemonConfigPath }),
  });
  const modelled = dockerModelOf(context);
  const version = modelled.origin === 'newest-modelled' ? null : modelled.version;
  const assumedVersion = modelled.version;

  const docker = await loadClientFiles('docker', context);
  const dockerCandidate = docker.discovery.candidates[0];
  const dockerFile = docker.files[0];
  if (dockerCandidate === undefined || dockerFile === undefined) throw new Error('docker discovery always yields config.json');
  const configPath = dockerCandidate.path;
  const config = dockerConfigFactsOf(await fileMeta(configPath), dockerFile, assumedVersion);
  const legacyPath = environment.home === null ? null : join(environment.home, '.dockercfg');

  const containers = await loadClientFiles('podman', context);
  const containersFiles = await Promise.all(
    containers.files.map(async (file, index) => containersFileFactsOf(containers.discovery.candidates[index]?.reason ?? '', await fileMeta(file.path), file)),
  );
  const craneCandidate = discoverFor('crane', context).candidates[0];
  const authEnv = decodeDockerAuthConfigEnv(env['DOCKER_AUTH_CONFIG'], assumedVersion);

  const clients = await clientsToCompare(context);
  const image = options.image ?? null;
  const ref = image === null ? null : parseImageRef(image);
  const { targets, omitted } = probeTargets(ref, await namedKeys(context, clients));
  const probes = await runProbes(targets, clients, context);
  const helpers = await helperFacts(config.view, context, env);

  const facts: Facts = {
    now: now.toISOString(),
    environment,
    docker: {
      version,
      assumedVersion,
      configDir: { path: dirname(configPath), reason: dockerCandidate.reason, meta: await fileMeta(dirname(configPath)) },
      config,
      legacyDockercfg: legacyPath === null ? null : await fileMeta(legacyPath),
      authConfigEnv: { present: authEnv.present, error: authEnv.error, keys: authEnv.auths.map((entry) => entry.key) },
      otherConfigs: await otherConfigs(environment, configPath, assumedVersion),
      context: contextFacts(config.view, dirname(configPath), env),
      passStore: await passStoreFacts(config.view, context.snapshot, env, environment.home),
    },
    containers: { files: containersFiles },
    crane: craneCandidate === undefined ? { path: null, reason: 'no config file exists: crane is anonymous' } : { path: craneCandidate.path, reason: craneCandidate.reason },
    helpers,
    daemon: await daemonFacts(options.daemonConfigPath ?? '/etc/docker/daemon.json'),
    access: { skipped: 'offline', results: [] },
    clients: { primary: options.client ?? 'docker', dockerModel: modelled.why, probes: probes.map((probe) => probe.facts), omitted },
    options: { offline: options.offline === true, image, push: options.push === true },
  };
  facts.strayCopies = await gatherBackupFacts([configPath, ...containersFiles.map((file) => file.path)]);
  facts.sharedConfig = sharedConfigFacts(configPath, environment, facts.strayCopies);
  if (options.offline !== true) facts.access = await accessFacts(facts, probes, options, env);
  return facts;
}

/**
 * Docker, podman and crane read this machine's files; the kubelet only when it has a file to
 * read (--config, or a node-level config.json).
 */
async function clientsToCompare(context: ResolveContext): Promise<ClientId[]> {
  const kubelet = await loadClientFiles('kubelet', context);
  return kubelet.files.some((file) => file.exists) ? ['docker', 'podman', 'crane', 'kubelet'] : ['docker', 'podman', 'crane'];
}

/** Every key (auths and credHelpers) in every file the compared clients read. */
async function namedKeys(context: ResolveContext, clients: readonly ClientId[]): Promise<NamedKey[]> {
  const keys: NamedKey[] = [];
  const seen = new Set<string>();
  const add = (key: string, username: string | null, file: LoadedFile): void => {
    if (seen.has(key)) return;
    seen.add(key);
    keys.push({ key, username: username === '' ? null : username, file: file.path });
  };
  for (const client of clients) {
    const loaded = await loadClientFiles(client, context);
    for (const file of loaded.files) {
      if (!file.exists || file.ioError !== null) continue;
      if (client === 'podman') {
        const view = decodeContainersAuth(file);
        for (const entry of view.auths) add(entry.key, entry.username, file);
        for (const entry of view.credHelpers) add(entry.key, null, file);
      } else if (client === 'kubelet') {
        for (const entry of decodeKubeletSecret(file).auths) add(entry.key, entry.username, file);
      } else {
        const view = decodeDockerConfig(file, { version: dockerModelOf(context).version });
        for (const entry of view.auths) add(entry.key, entry.username, file);
        for (const entry of view.credHelpers) add(entry.key, null, file);
      }
    }
  }
  return keys;
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
  const installed = isSnapProgram(pathOf('docker', env['PATH']));
  const configFiles: string[] = [];
  if (installed && home !== null) {
    const base = join(home, 'snap', 'docker');
    // "current" links the revision in use, the one Docker reads; the others are kept by snapd for a revert
    const revisions = await readdir(base).catch(() => [] as string[]);
    for (const revision of revisions.includes('current') ? ['current'] : revisions) {
      const candidate = join(base, revision, '.docker', 'config.json');
      if (revision !== 'common' && existsSync(candidate)) configFiles.push(candidate);
    }
  }
  return { installed, configFiles };
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

async function readDockerConfig(path: string, version: DockerVersion): Promise<Facts['docker']['config']> {
  return dockerConfigFactsOf(await fileMeta(path), await readCredentialFile(path, 'docker-config'), version);
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

/** The helpers the file configures: installed? what `list` says, and the answers the resolvers got. */
async function helperFacts(view: DockerConfigView, context: ResolveContext, env: NodeJS.ProcessEnv): Promise<HelperFacts[]> {
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
  const runOptions = { env, timeoutMs: context.options.helperTimeoutMs ?? 5_000 };
  await Promise.all(
    [...byName.values()].map(async (helper) => {
      const found = lookPath(`docker-credential-${helper.name}`, env['PATH']);
      if (found.kind !== 'found') return;
      helper.path = found.path;
      if (context.hungHelpers.has(helper.name)) {
        // it already ran out of time answering a question: asked again, it would cost the timeout again
        helper.list = { kind: 'failed', message: `not run: "get" already got no answer within ${runOptions.timeoutMs} ms`, stderr: '' };
        return;
      }
      const listed = await helperList(helper.name, runOptions);
      helper.list = listed.kind === 'listed' ? listed : { kind: 'failed', message: failureMessage(listed), stderr: listed.kind === 'failed' ? listed.stderr : '' };
    }),
  );
  // the questions the resolvers asked, with the answers they got
  for (const [question, answer] of context.answers) {
    const [name, serverURL] = question.split('\u0000');
    if (name === undefined || serverURL === undefined) continue;
    entry(name).answers.push({ serverURL, answer });
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

async function accessFacts(facts: Facts, probes: readonly ProbeRun[], options: GatherOptions, env: NodeJS.ProcessEnv): Promise<AccessFacts> {
  const image = options.image ?? null;
  const primary = facts.clients.primary;
  // one check per registry, with what the client in use sends
  const targets = new Map<string, { resolution: Resolution; repository: string | null; input: string }>();
  for (const probe of probes) {
    const resolution = probe.resolutions.find((candidate) => candidate.client === primary);
    if (resolution === undefined || targets.has(resolution.registry)) continue;
    if (image !== null) {
      targets.set(resolution.registry, { resolution, repository: parseImageRef(image).repository, input: image });
    } else if (resolution.credentials !== null) {
      const probeName = `${resolution.registry}/${resolution.registry === 'docker.io' ? 'library/hello-world' : 'regauth-probe'}`;
      targets.set(resolution.registry, { resolution, repository: null, input: probeName });
    }
  }
  if (targets.size === 0) return { skipped: 'no credentials to check', results: [] };

  const run = options.checkAccess ?? checkAccess;
  const deadlineMs = options.deadlineMs ?? 5_000;
  const results = await Promise.all(
    [...targets.values()].map(async ({ resolution, repository, input }): Promise<AccessResult> => {
      const base: AccessResult = {
        registry: resolution.registry,
        repository,
        file: resolution.configFile,
        key: resolution.key,
        username: resolution.username,
        credentialsSent: resolution.credentials !== null,
        completed: false,
        authenticated: null,
        pull: null,
        push: null,
        problems: [],
      };
      const probeRef = safe(() => parseImageRef(input));
      if (probeRef === null) return base;
      try {
        const report = await withDeadline(
          run({ ref: probeRef, credentials: toRegistryCredentials(resolution.credentials), push: facts.options.push && repository !== null, deadlineMs, env }),
          deadlineMs + 1_000,
        );
        return report === null ? { ...base, problems: [{ id: 'timeout', detail: `no verdict within ${deadlineMs} ms` }] } : fromReport(base, report);
      } catch (error) {
        return { ...base, problems: [{ id: 'unexpected-response', detail: error instanceof Error ? error.message : String(error) }] };
      }
    }),
  );
  return { skipped: null, results };
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
