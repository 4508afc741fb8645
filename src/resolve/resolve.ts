import { decodeContainersAuth } from '../config/containers-file.js';
import { type DockerConfigViewDetail, decodeDockerAuthConfigEnv, decodeDockerConfig } from '../config/docker-file.js';
import { decodeLegacyDockercfg } from '../config/dockercfg-legacy.js';
import { decodeKubeletSecret } from '../config/kube-secret.js';
import {
  type LocateEnvironment,
  detectDefaultStore,
  locateContainerd,
  locateContainerdHostsDir,
  locateContainers,
  locateCrane,
  locateDocker,
  locateKubelet,
  locateOverride,
  locateRegistriesConf,
} from '../config/locate.js';
import type { Discovery, FileCandidate, FileFormat, LoadedFile } from '../config/model.js';
import { readCredentialFile } from '../config/read-file.js';
import { answerQueries } from '../helpers/answer-queries.js';
import { type HelperAnswer, type HelperQuery, helperKey } from '../helpers/model.js';
import { resolveContainers } from '../clients/containers.js';
import { CRANE_DOCKER_CLI, resolveCrane } from '../clients/crane.js';
import { type ContainersRelease, type ContainersTool, containersFeatures, detectContainersRelease, describeSwitch } from '../clients/containers-versions.js';
import { type RegistriesConfView, mergeCredentialHelpers, readRegistriesConf } from '../config/registries-conf.js';
import { resolveDocker } from '../clients/docker.js';
import { kubeletInvalidImageError, resolveKubelet } from '../clients/kubelet.js';
import { type ContainerdRelease, NEWEST_MODELLED_CONTAINERD, effectiveConfigPath, parseContainerdVersion, resolveContainerd } from '../clients/containerd.js';
import { decodeCriRegistry, decodeHostsFile, decodeK3sRegistries } from '../config/containerd-files.js';
import { hostDirCertFiles, readHostDirTlsFiles } from '../config/containerd-tls-files.js';
import { detect } from '../clients/installed.js';
import { CLIENT_IDS, type ClientId, type Resolution, startResolution } from '../clients/model.js';
import { parseImageRef } from '../reference/parse.js';
import { isRegauthError } from '../util/errors.js';
import { type ModelledDocker, modelledDocker } from '../clients/installed.js';
import { NEWEST_MODELLED_DOCKER, type DockerVersion, formatDockerVersion } from '../clients/versions.js';
import type { ImageRef } from '../reference/model.js';
import { ggcrParseReference } from '../reference/ggcr-name.js';
import type { TraceStep } from '../util/trace.js';
import { environmentSnapshot, probeToolVersion } from './environment.js';
import { memoizedPathOf, type ProgramPath } from '../util/look-path.js';
import { mergeRouting, routeContainers } from '../clients/containers-route.js';
import { containersLoginKey } from '../clients/keys.js';
import { parseContainersReference } from '../reference/containers.js';
import { DEFAULT_DAEMON_CONFIG } from '../registry/daemon-config.js';
import { containersWithRoute, dockerWithRoute, loadRouting, readDaemonMirrors } from './route.js';

/** The name containers/image looks the typed image up under (its own grammar). */
function typedName(image: string): string {
  const parsed = parseContainersReference(image);
  return parsed.ok ? parsed.name : image;
}

/**
 * The flow for one image: for each client, which files (discovery), their bytes (I/O), the
 * client's view of them (decode), then the client's decision — asking credential helpers and
 * deciding again until no question is left.
 */
export interface ResolveOptions {
  clients?: readonly ClientId[];
  /** `--config FILE`: every client reads this one file */
  configFile?: string;
  /** `docker --config DIR` */
  dockerConfigDir?: string;
  /** podman/skopeo `--authfile` */
  authFile?: string;
  /** kubelet pull secrets */
  pullSecrets?: string[];
  /** the Docker CLI release to model; default: the installed one (src/clients/installed.ts) */
  dockerVersion?: DockerVersion;
  containersTool?: ContainersTool;
  /** `--containers-version`: the containers/image release podman/skopeo/buildah embed; detected when absent */
  containersRelease?: ContainersRelease;
  env?: NodeJS.ProcessEnv;
  helperTimeoutMs?: number;
  /** for tests: a prepared environment snapshot */
  snapshot?: LocateEnvironment;
  /** where the request goes depends on it: mirrors and prefix rewriting apply to pulls only (default pull) */
  operation?: 'pull' | 'push';
  /** podman asks which short-name candidate to use only in a terminal (default: no terminal, as in scripts and CI) */
  tty?: boolean;
  /** dockerd's daemon.json, for registry-mirrors (default /etc/docker/daemon.json) */
  daemonConfig?: string;
  /** containerd's config.toml (`containerd --config`) */
  containerdConfig?: string;
  /** k3s registries.yaml (`k3s --private-registry`) */
  k3sRegistries?: string;
  /** `--containerd-version`: the containerd release line; detected from the installed containerd when absent */
  containerdRelease?: ContainerdRelease;
}

/** Everything one client's lookup read; kept for `ls` and `doctor`. */
export interface ClientFiles {
  client: ClientId;
  discovery: Discovery;
  files: LoadedFile[];
}

const HELPER_ROUNDS = 4;

export class FileCache {
  readonly #files = new Map<string, Promise<LoadedFile>>();
  /** one read per path: clients that take the same file in another format share its bytes */
  readonly #reads = new Map<string, Promise<LoadedFile>>();

  read(candidate: Pick<FileCandidate, 'path' | 'format'>): Promise<LoadedFile> {
    const cacheKey = `${candidate.format}\u0000${candidate.path}`;
    let pending = this.#files.get(cacheKey);
    if (pending === undefined) {
      let read = this.#reads.get(candidate.path);
      if (read === undefined) {
        read = readCredentialFile(candidate.path, candidate.format as FileFormat);
        this.#reads.set(candidate.path, read);
      }
      pending = read.then((file) => (file.format === candidate.format ? file : { ...file, format: candidate.format as FileFormat }));
      this.#files.set(cacheKey, pending);
    }
    return pending;
  }
}

export interface ResolveContext {
  options: ResolveOptions;
  snapshot: LocateEnvironment;
  cache: FileCache;
  answers: Map<string, HelperAnswer>;
  /** Docker views by file and version: docker and crane decode the same config.json */
  dockerViews: Map<string, DockerConfigViewDetail>;
  /** which Docker CLI release is modelled and why, decided once per context */
  docker?: ModelledDocker;
  /** helpers that already timed out: asked again, they would cost the timeout again for the same answer */
  hungHelpers: Set<string>;
  /** the detected containers/image release, once per context */
  containersRelease?: Promise<ContainersRelease>;
  detectedContainersRelease?: ContainersRelease;
  /** the installed clients on PATH, each looked up once per context */
  programPath: ProgramPath;
}

export function resolveContext(options: ResolveOptions): ResolveContext {
  const programPath = memoizedPathOf((options.env ?? process.env)['PATH']);
  const snapshot = options.snapshot ?? environmentSnapshot(options.env, programPath);
  return { options, snapshot, cache: new FileCache(), answers: new Map(), dockerViews: new Map(), hungHelpers: new Set(), programPath };
}

/** The Docker release this context models: --docker-version, else the installed CLI, else the newest modelled. */
export function dockerModelOf(context: ResolveContext): ModelledDocker {
  context.docker ??= modelledDocker(context.options.dockerVersion, { env: context.options.env ?? process.env, programPath: context.programPath });
  return context.docker;
}

function decodeDockerOnce(context: ResolveContext, file: LoadedFile, version: DockerVersion): DockerConfigViewDetail {
  const key = `${file.format}\u0000${file.path}\u0000${formatDockerVersion(version)}`;
  let view = context.dockerViews.get(key);
  if (view === undefined) {
    view = file.format === 'dockercfg' ? decodeLegacyDockercfg(file, { version }) : decodeDockerConfig(file, { version });
    context.dockerViews.set(key, view);
  }
  return view;
}

/** A resolution for every requested client, in the order asked. */
export async function resolveAll(target: ResolveTarget, options: ResolveOptions = {}, context = resolveContext(options)): Promise<Resolution[]> {
  const clients = options.clients ?? CLIENT_IDS;
  return Promise.all(clients.map((client) => resolveFor(client, target, context)));
}

/** What is looked up: an image, or only a registry (then repository is null). */
export interface ResolveTarget {
  registry: string;
  repository: string | null;
  /** the image as the user gave it: clients with their own reference grammar (crane) parse it again */
  image?: string;
  /** distribution/reference refuses the image: the clients that parse with it (docker, the kubelet) fail with this message */
  refused?: string;
  /** a registry as the user typed it, when only a registry is looked up: podman, skopeo and buildah take it nearly as it is (containersLoginKey) */
  typedRegistry?: string;
}

/**
 * The image as typed. distribution/reference decides registry and repository for the clients that
 * parse with it; when it refuses the text, crane and containers/image still read it with their
 * own grammars, and only docker and the kubelet fail.
 */
export function targetOfText(text: string): ResolveTarget {
  try {
    return targetOf(parseImageRef(text));
  } catch (error) {
    if (!isRegauthError(error)) throw error;
    return { registry: '', repository: null, image: text, refused: error.message };
  }
}

export function targetOf(ref: ImageRef): ResolveTarget {
  return { registry: ref.registry, repository: ref.repository, image: ref.input };
}

export async function resolveFor(client: ClientId, target: ResolveTarget, context: ResolveContext): Promise<Resolution> {
  return settle(await prepare(client, target, context), context);
}

/** Decides, asking the helpers whatever the decision still needs, until no question is left. */
async function settle(decide: Decide, context: ResolveContext): Promise<Resolution> {
  let resolution = decide(context.answers);
  for (let round = 0; round < HELPER_ROUNDS && resolution.pendingHelperQueries.length > 0; round += 1) {
    await askHelpers(resolution.pendingHelperQueries, context);
    resolution = decide(context.answers);
  }
  return resolution;
}

/** Asks the questions at once under one deadline and records the answers; a helper that timed out before is not asked again. */
async function askHelpers(queries: readonly HelperQuery[], context: ResolveContext): Promise<void> {
  const [hung, ask] = partition(queries, (query) => context.hungHelpers.has(query.helper));
  for (const query of hung) context.answers.set(helperKey(query), { kind: 'timeout', afterMs: 0 });
  const answered = await answerQueries(ask, {
    env: context.options.env ?? process.env,
    ...(context.options.helperTimeoutMs === undefined ? {} : { timeoutMs: context.options.helperTimeoutMs }),
  });
  for (const [key, answer] of answered) context.answers.set(key, answer);
  for (const query of ask) if (context.answers.get(helperKey(query))?.kind === 'timeout') context.hungHelpers.add(query.helper);
}

/**
 * Resolutions for many (client, target) pairs with the same answers as `resolveFor` one after
 * another, but the helper questions of all their first decisions are asked together: a hung
 * helper behind many keys costs one helper timeout, not one per key.
 */
export async function resolveMany(lookups: readonly { client: ClientId; target: ResolveTarget }[], context: ResolveContext): Promise<Resolution[]> {
  const decisions: Decide[] = [];
  for (const { client, target } of lookups) decisions.push(await prepare(client, target, context));
  await askHelpers(decisions.flatMap((decide) => decide(context.answers).pendingHelperQueries), context);
  const resolutions: Resolution[] = [];
  for (const decide of decisions) resolutions.push(await settle(decide, context));
  return resolutions;
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}

type Decide = (answers: ReadonlyMap<string, HelperAnswer>) => Resolution;

async function prepare(client: ClientId, target: ResolveTarget, context: ResolveContext): Promise<Decide> {
  const refused = target.refused;
  if (refused !== undefined && (client === 'docker' || client === 'kubelet')) {
    const step: TraceStep = { step: 'reference', outcome: 'error', why: `${client === 'docker' ? 'the Docker CLI' : 'the kubelet'} parses images with distribution/reference, which refuses "${target.image ?? ''}": ${refused}` };
    const error = client === 'kubelet' ? kubeletInvalidImageError(target.image ?? '', refused) : refused;
    return () => ({ ...startResolution(client, '', [step]), error });
  }
  const loaded = await loadClientFiles(client, context);
  const name = target.repository === null ? target.registry : `${target.registry}/${target.repository}`;
  const withDiscovery = (resolution: Resolution): Resolution => ({ ...resolution, trace: [...loaded.discovery.trace, ...resolution.trace] });
  switch (client) {
    case 'docker': {
      const modelled = dockerModelOf(context);
      const { version } = modelled;
      const config = dockerView(context, loaded.files, version);
      // Docker detects the default store for whatever config.json it reads, --config included
      const defaultStore = detectDefaultStore(config, context.snapshot.onPath, context.snapshot.platform);
      const authConfigEnv = decodeDockerAuthConfigEnv(context.snapshot.env['DOCKER_AUTH_CONFIG'], version);
      const mirrors = await readDaemonMirrors(context.options.daemonConfig ?? DEFAULT_DAEMON_CONFIG, (path) => context.cache.read({ path, format: 'docker-config' }));
      return (answers) => {
        const resolution = resolveDocker({ registry: target.registry, version, config, defaultStore: defaultStore.store, authConfigEnv, answers });
        // the first line says which release is modelled and why
        const release: TraceStep = { step: 'docker.release', outcome: 'info', why: `modelling ${modelled.why}` };
        const traced = { ...withDiscovery(resolution), trace: [release, ...loaded.discovery.trace, ...defaultStore.trace, ...resolution.trace] };
        return dockerWithRoute(traced, mirrors, context.options.operation ?? 'pull');
      };
    }
    case 'podman': {
      const files = loaded.files.map((file) => decodedOnce(containersViews, file, decodeContainersAuth));
      const statsAuthFile = (context.options.containersTool ?? 'podman') === 'podman' ? (loaded.discovery.candidates.find((candidate) => candidate.explicit)?.path ?? null) : null;
      const features = containersFeatures(await containersRelease(context));
      const registriesConf = await loadRegistriesConf(context, features.registriesConfSearchV2);
      const { helpers } = registriesConf;
      const image = target.image;
      const routing = await loadRouting(context.snapshot, registriesConf.views, registriesConf.mainExists, features, (path) => context.cache.read({ path, format: 'registries-conf' }));
      const tool = context.options.containersTool ?? 'podman';
      const route = routeContainers({ image: image ?? name, tool, operation: context.options.operation ?? 'pull', config: routing, features, tty: context.options.tty ?? false });
      // a registry on its own is looked up under the key `podman login --get-login` uses
      const loginKey = target.repository === null && target.typedRegistry !== undefined ? containersLoginKey(target.typedRegistry) : null;
      // a key with a namespace (podman login --get-login REGISTRY/NAMESPACE) is tried as typed, then on its registry
      const registry = loginKey === null ? target.registry : (loginKey.split('/')[0] ?? loginKey);
      const keyStep: TraceStep[] =
        loginKey === null || loginKey === target.registry
          ? []
          : loginKey.includes('/')
            ? [{ step: 'containers.login-key', outcome: 'info', why: `"${loginKey}" is looked up as a key of its own, then under "${registry}", as podman login --get-login does (containers/common takes REGISTRY/NAMESPACE as typed, not as an image)` }]
            : [{ step: 'containers.login-key', outcome: 'info', why: `"${target.typedRegistry ?? ''}" is looked up under the key "${loginKey}", as podman login --get-login does (containers/common: a URL gives its host[:port], the Hub's spellings are not folded into "${target.registry}")` }];
      return (answers) => {
        const typed = (): Resolution => resolveContainers({ registry, name: loginKey ?? name, ...(image === undefined ? {} : { image }), files, answers, features, helpers, statsAuthFile });
        const lookup = (registry: string, endpointName: string): Resolution => resolveContainers({ registry, name: endpointName, files, answers, features, helpers, statsAuthFile });
        const resolution = target.repository === null ? typed() : containersWithRoute(route, typedName(image ?? name), typed, lookup);
        return { ...resolution, trace: [...loaded.discovery.trace, ...registriesConf.trace, ...keyStep, ...resolution.trace] };
      };
    }
    case 'crane': {
      const [file] = loaded.files;
      const config = file === undefined ? null : decodeDockerOnce(context, file, CRANE_DOCKER_CLI);
      const authConfigEnv = decodeDockerAuthConfigEnv(context.snapshot.env['DOCKER_AUTH_CONFIG'], CRANE_DOCKER_CLI);
      const reference = target.image === undefined ? {} : { reference: ggcrParseReference(target.image) };
      const loader = 'loader' in loaded.discovery && loaded.discovery.loader !== null ? { loader: loaded.discovery.loader as 'config.Load' | 'LoadFromReader' } : {};
      return (answers) => withDiscovery(resolveCrane({ registry: target.registry, repository: target.repository, ...reference, ...loader, config, authConfigEnv, answers }));
    }
    case 'kubelet': {
      const secrets = kubeletSecrets(loaded);
      return () => withDiscovery(resolveKubelet({ registry: target.registry, name, secrets }));
    }
    case 'containerd': {
      const resolution = await prepareContainerd(target, loaded, context);
      return () => withDiscovery(resolution);
    }
  }
}

/** The containerd release line modelled: --containerd-version, else the installed containerd, else the newest. */
function containerdReleaseOf(context: ResolveContext, mode: 'containerd' | 'k3s'): { release: ContainerdRelease; why: string } {
  if (context.options.containerdRelease !== undefined) return { release: context.options.containerdRelease, why: '--containerd-version' };
  if (mode === 'k3s') return { release: '2', why: 'k3s 1.31 and later embed containerd 2.x; name another with --containerd-version' };
  const found = detect('containerd', ['--version'], parseContainerdVersion, { env: context.options.env ?? process.env, programPath: context.programPath });
  if (found.value !== null) return { release: found.value, why: `the installed ${found.path ?? 'containerd'}` };
  return { release: NEWEST_MODELLED_CONTAINERD, why: 'no containerd installed: the newest modelled release' };
}

async function prepareContainerd(target: ResolveTarget, loaded: ClientFiles, context: ResolveContext): Promise<Resolution> {
  const mode = loaded.discovery.candidates[0]?.format === 'k3s-registries' ? 'k3s' : 'containerd';
  const { release, why } = containerdReleaseOf(context, mode);
  const [file] = loaded.files;
  const inputs = { registry: target.registry, release, releaseWhy: why, mode, cri: null, k3s: null, hostsDir: null } as const;
  if (file === undefined) return resolveContainerd(inputs);
  if (mode === 'k3s') return resolveContainerd({ ...inputs, k3s: decodeK3sRegistries(file) });
  const cri = decodeCriRegistry(file, release);
  const configPath = effectiveConfigPath(cri, release).path;
  if (cri.error !== null || configPath === null) return resolveContainerd({ ...inputs, cri });
  const located = locateContainerdHostsDir(context.snapshot, configPath, target.registry);
  let hostsFile = null;
  if (located.dir !== null) {
    const path = `${located.dir}/hosts.toml`;
    const read = await context.cache.read({ path, format: 'containerd-hosts' });
    // an unreadable or empty hosts.toml: containerd uses the directory's certificates only
    if (read.exists && read.ioError === null && read.text !== '') hostsFile = decodeHostsFile(path, read.text, release);
  }
  const certFiles = located.dir === null ? { ca: [], client: [] } : hostDirCertFiles(located.dir);
  return resolveContainerd({ ...inputs, cri, hostsDir: { ...located, file: hostsFile, certFiles, tlsFiles: readHostDirTlsFiles(hostsFile, certFiles) } });
}

function dockerView(context: ResolveContext, files: LoadedFile[], version: DockerVersion): DockerConfigViewDetail {
  const [configJson, legacy] = files;
  if (configJson === undefined) throw new Error('docker discovery always yields config.json');
  if (!configJson.exists && legacy !== undefined && legacy.exists) return decodeDockerOnce(context, legacy, version);
  return decodeDockerOnce(context, configJson, version);
}

/** Node-level files: the first that parses wins. Pull secrets given by the user: all of them. */
/**
 * A file is read once per context (FileCache hands out the same object), and a view is a pure
 * function of it: decoded once, shared by every lookup (doctor and ls resolve every key).
 */
const containersViews = new WeakMap<LoadedFile, ReturnType<typeof decodeContainersAuth>>();
const kubeletViews = new WeakMap<LoadedFile, ReturnType<typeof decodeKubeletSecret>>();

function decodedOnce<V>(views: WeakMap<LoadedFile, V>, file: LoadedFile, decode: (file: LoadedFile) => V): V {
  let view = views.get(file);
  if (view === undefined) {
    view = decode(file);
    views.set(file, view);
  }
  return view;
}

function kubeletSecrets(loaded: ClientFiles): ReturnType<typeof decodeKubeletSecret>[] {
  const views = loaded.files.map((file) => decodedOnce(kubeletViews, file, decodeKubeletSecret));
  if (loaded.discovery.candidates.some((candidate) => candidate.explicit)) return views;
  const first = views.find((view) => view.file.exists && view.parseError === null);
  return first === undefined ? [] : [first];
}

export function discoverFor(client: ClientId, context: ResolveContext): Discovery {
  const { options, snapshot } = context;
  if (client === 'containerd') {
    const configFile = options.containerdConfig ?? options.configFile;
    return locateContainerd(snapshot, { ...(configFile === undefined ? {} : { configFile }), ...(options.k3sRegistries === undefined ? {} : { k3sRegistries: options.k3sRegistries }) });
  }
  if (options.configFile !== undefined) {
    return locateOverride(options.configFile, client === 'podman' ? 'containers' : client);
  }
  switch (client) {
    case 'docker':
      return locateDocker(snapshot, {
        version: dockerModelOf(context).version,
        ...(options.dockerConfigDir === undefined ? {} : { configDir: options.dockerConfigDir }),
      });
    case 'podman':
      return locateContainers(snapshot, {
        tool: options.containersTool ?? 'podman',
        ...(options.authFile === undefined ? {} : { authFile: options.authFile }),
        ...containersReleaseOptions(options.containersRelease ?? context.detectedContainersRelease),
      });
    case 'crane':
      return locateCrane(snapshot);
    case 'kubelet':
      return locateKubelet(snapshot, options.pullSecrets === undefined ? {} : { secretFiles: options.pullSecrets });
  }
}

function containersReleaseOptions(release: ContainersRelease | undefined): { authFileExclusive?: boolean; authFileSwitch?: string } {
  if (release === undefined) return {};
  const features = containersFeatures(release);
  return { authFileExclusive: features.authFileExclusive, authFileSwitch: describeSwitch('authFileExclusive', features) };
}

/** The modelled containers/image release: `--containers-version`, else the installed tools', detected once per context. */
export function containersRelease(context: ResolveContext): Promise<ContainersRelease> {
  if (context.options.containersRelease !== undefined) return Promise.resolve(context.options.containersRelease);
  context.containersRelease ??= detectContainersRelease((tool) => probeToolVersion(tool, context.options.env ?? process.env, context.programPath)).then((detected) => {
    context.detectedContainersRelease = detected.release;
    return detected.release;
  });
  return context.containersRelease;
}

/** One registries.conf file as `ls` shows it. */
export interface RegistriesConfFileState {
  path: string;
  role: 'main' | 'drop-in' | 'override';
  exists: boolean;
  error: string | null;
  credentialHelpers: string[] | null;
  line: number | null;
}

/** registries.conf and drop-ins → the credential-helpers setting, with the trace of where it came from. */
export async function loadRegistriesConf(context: ResolveContext, searchV2: boolean) {
  const located = locateRegistriesConf(context.snapshot, { tool: context.options.containersTool ?? 'podman', searchV2 });
  const trace = [...located.trace];
  const views: RegistriesConfView[] = [];
  const files: RegistriesConfFileState[] = [];
  const mainExists = located.files.some((candidate) => candidate.role !== 'drop-in' && context.snapshot.exists(candidate.path));
  let error: string | null = null;
  for (const candidate of located.files) {
    const file = await context.cache.read({ path: candidate.path, format: 'registries-conf' });
    const state: RegistriesConfFileState = { path: candidate.path, role: candidate.role, exists: file.exists, error: null, credentialHelpers: null, line: null };
    files.push(state);
    const prefix = candidate.role === 'drop-in' && !searchV2 ? 'loading drop-in registries configuration' : 'loading registries configuration';
    if (!file.exists) {
      if (candidate.mustExist) {
        const missing = `open ${candidate.path}: no such file or directory`;
        error = searchV2 ? missing : `${prefix} "${candidate.path}": ${missing}`;
        state.error = missing;
        break;
      }
      continue;
    }
    if (file.ioError !== null) {
      error = `${prefix} "${candidate.path}": ${file.ioError.message}`;
      state.error = file.ioError.message;
      break;
    }
    const view = readRegistriesConf(candidate.path, file.text);
    if (view.error !== null) {
      state.error = `line ${view.error.pos.line}, column ${view.error.pos.column}: ${view.error.message}`;
      error = `${prefix} "${candidate.path}": toml: ${state.error}`;
      trace.push({ step: 'registries-conf.read', outcome: 'error', why: error, file: candidate.path, line: view.error.pos.line, column: view.error.pos.column });
      break;
    }
    state.credentialHelpers = view.credentialHelpers;
    state.line = view.credentialHelpersPos?.line ?? null;
    views.push(view);
  }
  const features = containersFeatures(await containersRelease(context));
  trace.push({ step: 'registries-conf.search', outcome: 'info', why: describeSwitch('registriesConfSearchV2', features) });
  // the credential helpers come from the same load as the routing: a file containers/image refuses stops the lookup as well
  const refused = error === null ? mergeRouting(views, features, { mainExists }) : null;
  if (refused?.error != null && refused.errorAt !== null) {
    error = refused.error;
    const state = files.find((item) => item.path === refused.errorAt?.file);
    const at = refused.errorAt.line === null ? '' : `line ${refused.errorAt.line}${refused.errorAt.column === undefined ? '' : `, column ${refused.errorAt.column}`}: `;
    if (state !== undefined) state.error = `${at}${refused.error.replace(/^loading (?:drop-in )?registries configuration "[^"]*": /, '')}`;
    trace.push({ step: 'registries-conf.read', outcome: 'error', why: error, file: refused.errorAt.file, ...(refused.errorAt.line === null ? {} : { line: refused.errorAt.line }), ...(refused.errorAt.column === undefined ? {} : { column: refused.errorAt.column }) });
  }
  return { helpers: { ...mergeCredentialHelpers(views), error }, files, trace, views, mainExists };
}

export async function loadClientFiles(client: ClientId, context: ResolveContext): Promise<ClientFiles> {
  if (client === 'podman') await containersRelease(context);
  const discovery = discoverFor(client, context);
  const files = await Promise.all(discovery.candidates.map((candidate) => context.cache.read(candidate)));
  return { client, discovery, files };
}

export type { TraceStep };
