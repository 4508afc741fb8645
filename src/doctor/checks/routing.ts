import { CONTAINERS_SWITCHES, formatContainersRelease } from '../../clients/containers-versions.js';
import type { RouteEndpoint, RouteReport } from '../../clients/model.js';
import type { Facts } from '../facts.js';
import type { Finding } from '../finding.js';
import { capitalise, finding, quote } from './support.js';

/**
 * Where the request really goes, from the routes the resolvers computed (registries.conf short
 * names, prefixes and mirrors for podman/skopeo/buildah; daemon.json mirrors for Docker). The
 * advice — an alias in a drop-in, the full name, a login to the mirror host — is the one the
 * real podman and skopeo were run with in test/differential/containers-route-real.test.ts.
 */
export function checkRouting(facts: Facts): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (item: Finding): void => {
    const identity = `${item.id}\u0000${item.file ?? ''}\u0000${item.line ?? ''}\u0000${item.key ?? ''}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    findings.push(item);
  };
  for (const probe of facts.clients.probes) {
    for (const outcome of probe.outcomes) {
      const route = outcome.route;
      if (route === undefined) continue;
      if (outcome.client === 'docker') dockerRoute(probe.registry, route, add);
      else containersRoute(route.image, route, add, facts.clients.primary === outcome.client);
    }
  }
  return findings;
}

function aliasAdvice(image: string, file: string | null, registry: string | null): string {
  const name = image.split(/[:@]/)[0] ?? image;
  // the file that set the search list is certainly read; an [aliases] table at its end picks the registry
  const where = file ?? '/etc/containers/registries.conf';
  return `use the full name${registry === null ? '' : ` (${registry}/${name})`}, or pick the registry once with an alias at the end of ${where}: [aliases] ${quote(name)} = ${quote(`${registry ?? 'REGISTRY'}/${name}`)}`;
}

/** A client that stops on a short name is an error for its users; for a Docker user it is a warning about podman. */
function containersRoute(image: string, route: RouteReport, add: (item: Finding) => void, inUse: boolean): void {
  const typed = route.endpoints[0]?.image ?? image;
  const stopSeverity = inUse ? 'error' : 'warning';
  formatFindings(route, add, stopSeverity);
  if (route.error?.code === 'short-name-no-tty') {
    add(
      finding('short-name-no-tty', {
        severity: stopSeverity,
        title: `podman and buildah stop on the short name without a terminal: ${route.error.message}`,
        detail: `${route.shortName?.description ?? 'The name has no registry'}. In scripts, CI and other runs without a terminal podman stops before any request; ${aliasAdvice(image, searchFile(route), null)}.`,
        file: route.error.file,
        line: route.error.line,
      }),
    );
  }
  if (route.error?.code === 'short-name-no-search-registries') {
    add(
      finding('short-name-no-search', {
        severity: stopSeverity,
        title: `podman and buildah cannot resolve the short name: ${route.error.message}`,
        detail: `No alias names it and no unqualified-search-registries are set, as in Debian's registries.conf. ${capitalise(aliasAdvice(image, route.error.file, 'docker.io'))}, or set unqualified-search-registries; skopeo and Docker read the name as docker.io.`,
        file: route.error.file,
        line: route.error.line,
      }),
    );
  }
  if (route.error !== null) return;
  const images = [...new Set(route.endpoints.map((endpoint) => endpoint.image))];
  if (route.shortName?.via === 'search' && images.length > 1) {
    const each = images.map((candidate) => {
      const primary = route.endpoints.find((endpoint) => endpoint.image === candidate && endpoint.role === 'primary');
      return `${candidate} (${describe(primary)})`;
    });
    add(
      finding('short-name-ambiguous', {
        title: `The short name is tried on ${images.length} registries in turn${route.shortName.prompts ? ' (podman asks in a terminal)' : ''}`,
        detail: `${route.shortName.description}: ${each.join(', then ')}. The first registry that has the name serves it, with its own credentials; ${aliasAdvice(image, route.shortName.file, null)}.`,
        file: route.shortName.file,
        line: route.shortName.line,
      }),
    );
  }
  for (const candidate of images) {
    const endpoints = route.endpoints.filter((endpoint) => endpoint.image === candidate);
    const primary = endpoints.find((endpoint) => endpoint.role === 'primary');
    if (primary?.blocked === true) {
      add(
        finding('registry-blocked', {
          title: `${primary.registry} is blocked in registries.conf`,
          detail: `${candidate} maps to ${primary.reference}, whose [[registry]] sets blocked = true: podman, skopeo and buildah refuse to contact it${endpoints.length > 1 ? '; its mirrors are still tried first' : ''}.`,
          file: primary.file,
          line: primary.line,
          key: primary.registry,
        }),
      );
    }
    if (primary?.sends !== 'credentials') continue;
    for (const mirror of endpoints.filter((endpoint) => endpoint.role === 'mirror' && endpoint.sends === 'nothing' && !endpoint.blocked)) {
      add(
        finding('mirror-without-credentials', {
          title: `Mirror ${mirror.registry} is asked anonymously; ${primary.registry} gets ${describe(primary)}`,
          detail: `Pulling ${typed === candidate ? candidate : `${typed} (as ${candidate})`}, podman, skopeo and buildah try ${mirror.reference} first and look its credentials up under ${quote(mirror.lookup)}, where nothing is stored. A mirror that needs a login refuses, and the pull falls back to ${primary.registry}. Store credentials for the mirror: podman login ${mirror.registry}.`,
          file: mirror.file,
          line: mirror.line,
          key: mirror.registry,
        }),
      );
    }
  }
}

function dockerRoute(registry: string, route: RouteReport, add: (item: Finding) => void): void {
  const mirrors = route.endpoints.filter((endpoint) => endpoint.role === 'mirror');
  if (mirrors.length === 0) {
    const unused = route.unused ?? [];
    const [first] = unused;
    if (route.operation === 'push' || first === undefined) return;
    add(
      finding('docker-mirror-hub-only', {
        title: `daemon.json registry-mirrors are not used for ${registry}`,
        detail: `dockerd uses registry-mirrors (${unused.map((mirror) => mirror.registry).join(', ')}) only to pull Docker Hub images; ${registry} is contacted directly.`,
        file: first.file,
        line: first.line,
        key: registry,
      }),
    );
    return;
  }
  const [first] = mirrors;
  if (first?.sends !== 'credentials') return;
  add(
    finding('docker-mirror-hub-credentials', {
      title: `dockerd offers the Docker Hub account${first.username === null ? '' : ` "${first.username}"`} to ${mirrors.map((mirror) => mirror.registry).join(', ')}`,
      detail: `For Docker Hub pulls dockerd tries ${mirrors.map((mirror) => mirror.registry).join(', then ')} before registry-1.docker.io and offers each the credentials the CLI found for Docker Hub${first.key === null ? '' : ` (key ${quote(first.key)})`}; credentials stored for the mirror's own host are not used.`,
      file: first.file,
      line: first.line,
      key: first.registry,
    }),
  );
}

/** A registries.conf the client refuses, and a version-1 file a newer release would refuse. */
function formatFindings(route: RouteReport, add: (item: Finding) => void, stopSeverity: 'error' | 'warning'): void {
  const refusedSince = CONTAINERS_SWITCHES.find((item) => item.name === 'registriesConfV1Refused')?.since;
  const sinceText = refusedSince === undefined ? 'newer releases' : `containers/image ${formatContainersRelease(refusedSince)} and later`;
  const asV2 = (text: string | null): string => (text === null ? '' : ` The same settings in the version-2 format, read by every release, in place of the [registries.*] tables: ${text.split('\n').join(' and ')}`);
  if (route.error?.code === 'config') {
    const v1 = route.formatV1?.find((item) => item.file === route.error?.file && !item.converted);
    add(
      finding('registries-conf-refused', {
        severity: stopSeverity,
        title: `podman, skopeo and buildah refuse registries.conf: ${route.error.message}`,
        detail: `Every pull, push and credential lookup stops before contacting a registry until ${route.error.file ?? 'the file'} is corrected${route.error.line === null ? '' : ` at line ${route.error.line}`}.${v1 === undefined ? '' : asV2(v1.asV2)}`,
        file: route.error.file,
        line: route.error.line,
      }),
    );
  }
  for (const item of route.formatV1 ?? []) {
    if (!item.converted) continue;
    add(
      finding('registries-conf-v1', {
        title: `${item.file} is in the version-1 format: read by this release, refused by ${sinceText}`,
        detail: `This release reads [registries.search] as unqualified-search-registries and [registries.block] and [registries.insecure] as [[registry]] tables; ${sinceText} stop every pull with "registries.conf must be in v2 format but is in v1".${asV2(item.asV2)}`,
        file: item.file,
        line: item.line,
      }),
    );
  }
}

function searchFile(route: RouteReport): string | null {
  return route.shortName?.file ?? route.error?.file ?? null;
}

function describe(endpoint: RouteEndpoint | undefined): string {
  if (endpoint === undefined) return 'not contacted';
  if (endpoint.blocked) return 'blocked';
  if (endpoint.sends === 'credentials') return endpoint.username === null ? 'a token' : `user ${quote(endpoint.username)}`;
  return endpoint.sends === 'fails' ? 'lookup fails' : 'no credentials';
}
