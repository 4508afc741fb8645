import { type DockerVersion as Release, dockerAtLeast as atLeast, parseDockerVersion } from '../config/docker-version.js';
import { RegauthError } from '../util/errors.js';

/**
 * Which containers/image release podman, skopeo and buildah embed, and what changed between
 * the releases in the way credentials are found. Every switch names the release it came in;
 * each is pinned by the containers-image-* oracles (test/oracles/).
 */
export type ContainersRelease = Release;

/** The newest containers/image release modelled; used when no tool is installed. */
export const NEWEST_CONTAINERS: ContainersRelease = { major: 5, minor: 42, patch: 1 };

export function formatContainersRelease(release: ContainersRelease): string {
  return `${release.major}.${release.minor}`;
}

/** `--containers-version 5.23` (a containers/image release, not a tool version). */
export function containersVersionArgument(text: string): ContainersRelease {
  const release = parseDockerVersion(text);
  if (release === null || release.major !== 5) {
    throw new RegauthError('E_USAGE', `invalid containers/image version "${text}"`, {
      hint: 'give the containers/image release as 5.MINOR, e.g. 5.23 (podman 4.3, skopeo 1.9) or 5.42',
    });
  }
  return release;
}

export type ContainersSwitchName = 'authFileExclusive' | 'execabsHelperLookup' | 'lookupErrorsUnwrapped' | 'registriesConfSearchV2' | 'registriesConfV1Strict' | 'registriesConfV1Refused' | 'aliasErrorsJoined';

export interface ContainersSwitch {
  name: ContainersSwitchName;
  /** the first release with the new behaviour */
  since: ContainersRelease;
  /** what the new behaviour is, for the trace */
  describes: string;
}

export const CONTAINERS_SWITCHES: readonly ContainersSwitch[] = [
  {
    name: 'authFileExclusive',
    since: { major: 5, minor: 24, patch: 0 },
    describes: 'a user-given auth file (--authfile, REGISTRY_AUTH_FILE) is the only file read; before, the default files followed it',
  },
  {
    name: 'execabsHelperLookup',
    since: { major: 5, minor: 28, patch: 0 },
    describes:
      'credential helpers are started with os/exec (docker-credential-helpers 0.8); before, golang.org/x/sys/execabs reported a helper missing from PATH as "resolves to executable in current directory"',
  },
  {
    name: 'lookupErrorsUnwrapped',
    since: { major: 5, minor: 31, patch: 0 },
    describes: 'a single lookup error is returned as it is; before, go-multierror wrapped it as "1 error occurred:"',
  },
  {
    name: 'registriesConfSearchV2',
    since: { major: 5, minor: 40, patch: 0 },
    describes:
      'registries.conf is found by containers/storage\'s configfile search (CONTAINERS_REGISTRIES_CONF read by the library, /usr/share/containers, /etc/containers, the user file, drop-ins from all of them); before, a per-user registries.conf replaced the system one',
  },
  {
    name: 'registriesConfV1Strict',
    since: { major: 5, minor: 24, patch: 0 },
    describes:
      'a version-1 registries.conf ([registries.search], [registries.insecure], [registries.block]) counts as such, and as mixed with version-2 settings, as soon as a key is written, even as an empty list or an empty [aliases] table; before, empty lists and tables did not count',
  },
  {
    name: 'aliasErrorsJoined',
    since: { major: 5, minor: 31, patch: 0 },
    describes: 'the problems of invalid registries.conf aliases are listed one per line; before, each later problem wrapped the earlier ones (later first, ": " before each earlier one); the aliases themselves come in Go map order',
  },
  {
    name: 'registriesConfV1Refused',
    since: { major: 5, minor: 40, patch: 0 },
    describes: 'a registries.conf in the version-1 format is refused ("registries.conf must be in v2 format but is in v1"); before, a main file in that format was converted to [[registry]] tables and only drop-ins had to be version 2',
  },
];

export type ContainersFeatures = Record<ContainersSwitchName, boolean> & { release: ContainersRelease };

export function containersFeatures(release: ContainersRelease): ContainersFeatures {
  const features = { release } as ContainersFeatures;
  for (const item of CONTAINERS_SWITCHES) features[item.name] = atLeast(release, item.since.major, item.since.minor, item.since.patch);
  return features;
}

/** The trace sentence for one switch under the modelled release. */
export function describeSwitch(name: ContainersSwitchName, features: ContainersFeatures): string {
  const item = CONTAINERS_SWITCHES.find((candidate) => candidate.name === name);
  if (item === undefined) throw new Error(`unknown switch ${name}`);
  const since = formatContainersRelease(item.since);
  const modelled = formatContainersRelease(features.release);
  return features[name]
    ? `containers/image ${modelled} (≥ ${since}, switch ${name}): ${item.describes}`
    : `containers/image ${modelled} (< ${since}, switch ${name} off), not yet: ${item.describes}`;
}

// ---------------------------------------------------------------------------------------------
// detection from the installed tools

export type ContainersTool = 'podman' | 'skopeo' | 'buildah';

/**
 * Tool minor release → the containers/image release its go.mod requires (read from the tools'
 * tags). Debian builds skopeo 1.9.3 against its own containers/image 5.23.1 package.
 */
const EMBEDDED: Record<ContainersTool, ReadonlyArray<[toolMajor: number, toolMinor: number, imageMinor: number]>> = {
  podman: [
    [4, 0, 19], [4, 1, 21], [4, 2, 22], [4, 3, 23], [4, 4, 24], [4, 5, 25], [4, 6, 26], [4, 7, 28], [4, 8, 29], [4, 9, 29],
    [5, 0, 30], [5, 1, 31], [5, 2, 32], [5, 3, 33], [5, 4, 34], [5, 5, 35], [5, 6, 36], [5, 7, 38], [5, 8, 39],
  ],
  skopeo: [
    [1, 9, 23], [1, 10, 23], [1, 11, 24], [1, 12, 25], [1, 13, 26], [1, 14, 29], [1, 15, 30], [1, 16, 32], [1, 17, 33],
    [1, 18, 34], [1, 19, 35], [1, 20, 36], [1, 21, 38], [1, 22, 39],
  ],
  buildah: [
    [1, 28, 23], [1, 29, 24], [1, 30, 25], [1, 31, 26], [1, 32, 28], [1, 33, 29], [1, 34, 29], [1, 35, 30], [1, 36, 31],
    [1, 37, 32], [1, 38, 33], [1, 39, 34], [1, 40, 35], [1, 41, 36], [1, 42, 38], [1, 43, 39], [1, 44, 40],
  ],
};

/** The release a tool version embeds; past the table's newest entry, the newest modelled release. */
export function embeddedRelease(tool: ContainersTool, version: Release): ContainersRelease {
  const table = EMBEDDED[tool];
  let found: number | null = null;
  for (const [major, minor, imageMinor] of table) {
    if (atLeast(version, major, minor)) found = imageMinor;
  }
  const newest = table[table.length - 1];
  if (newest !== undefined && atLeast(version, newest[0], newest[1] + 1)) return NEWEST_CONTAINERS;
  return { major: 5, minor: found ?? (table[0]?.[2] ?? NEWEST_CONTAINERS.minor), patch: 0 };
}

/** Runs `TOOL --version` and returns its output, or null when the tool is not installed. */
export type ToolProbe = (tool: ContainersTool) => Promise<string | null>;

export interface DetectedRelease {
  release: ContainersRelease;
  /** which tool decided, e.g. "podman version 4.3.1"; null when none is installed */
  from: string | null;
}

/** podman first, then skopeo, then buildah; the newest release when none answers. */
export async function detectContainersRelease(probe: ToolProbe, order: readonly ContainersTool[] = ['podman', 'skopeo', 'buildah']): Promise<DetectedRelease> {
  for (const tool of order) {
    const output = await probe(tool);
    if (output === null) continue;
    const match = /version\s+v?(\d+\.\d+(?:\.\d+)?)/i.exec(output);
    const version = match?.[1] === undefined ? null : parseDockerVersion(match[1]);
    if (version === null) continue;
    return { release: embeddedRelease(tool, version), from: output.trim().split('\n')[0] ?? tool };
  }
  return { release: NEWEST_CONTAINERS, from: null };
}
