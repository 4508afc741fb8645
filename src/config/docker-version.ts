/** Docker CLI versions whose config-reading behaviour differs. */
export interface DockerVersion {
  major: number;
  minor: number;
  patch: number;
}

/** Parses "28.2.2", "v20.10.24", "29.0" → version; null when it is not a version. */
export function parseDockerVersion(text: string): DockerVersion | null {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (match === null) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

export function dockerAtLeast(version: DockerVersion, major: number, minor = 0, patch = 0): boolean {
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}

export function formatDockerVersion(version: DockerVersion): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}
