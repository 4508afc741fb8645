import { posix } from 'node:path';
import { type ContainersRoute, type RouteSource, type RoutingConfig, mergeRouting } from '../clients/containers-route.js';
import type { ContainersFeatures } from '../clients/containers-versions.js';
import { type DaemonMirror, dockerDaemonRoute } from '../clients/docker-route.js';
import type { Resolution, RouteEndpoint, RouteReport } from '../clients/model.js';
import type { LocateEnvironment } from '../config/locate.js';
import type { LoadedFile } from '../config/model.js';
import { type RegistriesConfView, readAliasCache } from '../config/registries-conf.js';
import { readCredentialFile } from '../config/read-file.js';
import { parseDaemonMirrors } from '../registry/daemon-config.js';
import type { TraceStep } from '../util/trace.js';

/**
 * The I/O around the routing decisions (src/clients/containers-route.ts, docker-route.ts): podman's
 * alias cache and daemon.json are read here; each endpoint of the route gets its own credential
 * lookup, because every endpoint is sent the credentials stored for its own name.
 */

/** podman's alias cache: /var/cache for root, else $XDG_CACHE_HOME or ~/.cache (homedir.GetCacheHome). */
export function aliasCachePath(snapshot: LocateEnvironment): string {
  if (snapshot.uid === 0) return '/var/cache/containers/short-name-aliases.conf';
  const home = snapshot.env['HOME'] !== undefined && snapshot.env['HOME'] !== '' ? snapshot.env['HOME'] : snapshot.homeDir;
  const cache = snapshot.env['XDG_CACHE_HOME'] !== undefined && snapshot.env['XDG_CACHE_HOME'] !== '' ? snapshot.env['XDG_CACHE_HOME'] : posix.join(home, '.cache');
  return posix.join(cache, 'containers/short-name-aliases.conf');
}

export async function loadRouting(
  snapshot: LocateEnvironment,
  views: readonly RegistriesConfView[],
  mainExists: boolean,
  features: ContainersFeatures,
  read: (path: string) => Promise<LoadedFile> = (path) => readCredentialFile(path, 'registries-conf'),
): Promise<RoutingConfig> {
  const path = aliasCachePath(snapshot);
  const file = await read(path);
  const userAliases = file.exists && file.ioError === null ? readAliasCache(path, file.text) : null;
  return mergeRouting(views, features, { mainExists, userAliases });
}

type Lookup = (registry: string, name: string) => Resolution;

function endpointOf(source: RouteSource, image: string, resolution: Resolution): RouteEndpoint {
  const at = source.mirrorAt ?? (source.rule === null ? null : { file: source.rule.file, line: source.rule.line });
  return {
    image,
    reference: source.reference,
    registry: source.registry,
    role: source.role,
    insecure: source.insecure,
    blocked: source.blocked,
    lookup: source.name,
    sends: resolution.error !== null ? 'fails' : resolution.secretPresent ? 'credentials' : 'nothing',
    username: resolution.username,
    configFile: resolution.configFile,
    key: resolution.key,
    file: at?.file ?? null,
    line: at?.line ?? null,
  };
}

/**
 * The resolution for the endpoint a podman/skopeo/buildah request really reaches — the registry
 * of the first candidate after aliases, search registries and prefix rewriting — with every
 * endpoint of the route and what it is sent. When the route fails (a short name that cannot be
 * resolved), the typed name's resolution stays, and the route says why the client stops.
 */
export function containersWithRoute(route: ContainersRoute, typedName: string, typed: () => Resolution, lookup: Lookup): Resolution {
  const first = route.candidates[0];
  const primary = route.error === null ? first?.sources[first.sources.length - 1] : undefined;
  const main = primary === undefined || primary.name === typedName ? typed() : lookup(primary.registry, primary.name);
  const steps: TraceStep[] = [...route.trace];
  if (primary !== undefined && primary.name !== typedName) {
    steps.push({ step: 'route.destination', outcome: 'info', why: `credentials are looked up for ${primary.name}, where the ${route.operation} really goes, not for ${typedName}` });
  }
  const pending = [...main.pendingHelperQueries];
  const endpoints: RouteEndpoint[] = [];
  for (const candidate of route.error === null ? route.candidates : []) {
    for (const source of candidate.sources) {
      const resolution = source.name === (primary?.name ?? typedName) ? main : lookup(source.registry, source.name);
      pending.push(...resolution.pendingHelperQueries.filter((query) => !pending.some((known) => known.helper === query.helper && known.serverURL === query.serverURL)));
      endpoints.push(endpointOf(source, candidate.image, resolution));
    }
  }
  const error = route.error === null ? null : { code: route.error.code, message: route.error.message, ...placeOf(route.trace) };
  const formatV1 = route.v1Files.map((item) => ({ file: item.file, line: item.line, converted: item.converted, asV2: item.asV2 }));
  const report: RouteReport = { operation: route.operation, image: route.image, shortName: shortNameOf(route), error, endpoints, ...(formatV1.length === 0 ? {} : { formatV1 }) };
  return { ...main, pendingHelperQueries: pending, route: report, trace: [...main.trace, ...steps] };
}

function placeOf(trace: readonly TraceStep[]): { file: string | null; line: number | null } {
  const last = [...trace].reverse().find((step) => step.outcome === 'error');
  return { file: last?.file ?? null, line: last?.line ?? null };
}

function shortNameOf(route: ContainersRoute): RouteReport['shortName'] {
  const short = route.shortName;
  if (short === null) return null;
  return { mode: short.mode, via: short.via, description: short.description, file: short.at?.file ?? null, line: short.at?.line ?? null, prompts: short.prompts };
}

/** daemon.json `registry-mirrors`, read bounded; none when the file is missing or broken. */
export async function readDaemonMirrors(path: string, read: (path: string) => Promise<LoadedFile> = (file) => readCredentialFile(file, 'docker-config')): Promise<DaemonMirror[]> {
  const file = await read(path);
  if (!file.exists || file.ioError !== null) return [];
  return parseDaemonMirrors(file.text, path);
}

/** Docker: the endpoints dockerd tries for the image, each sent what the CLI resolved for the image's registry. */
export function dockerWithRoute(resolution: Resolution, mirrors: readonly DaemonMirror[], operation: 'pull' | 'push'): Resolution {
  if (mirrors.length === 0) return resolution;
  const route = dockerDaemonRoute({ registry: resolution.registry, mirrors, operation, resolution });
  return { ...resolution, route: route.report, trace: [...resolution.trace, ...route.trace] };
}
