import { statSync } from 'node:fs';
import { join } from 'node:path';
import { type DockerVersion, formatDockerVersion, parseDockerVersion } from '../config/docker-version.js';
import { cacheDirectory, readCacheFile, writeCacheFile } from '../util/cache-file.js';
import { pathOf, type ProgramPath } from '../util/look-path.js';
import { NEWEST_MODELLED_DOCKER } from './versions.js';

/**
 * Which release of each client is installed, asked once per binary and remembered.
 *
 * A program is identified by its path, size and modification time; while those stay the same
 * the answer is read from a small cache file instead of running the program again, so start-up
 * does not pay for a process spawn. Only version flags that run nothing remote are used
 * (`docker --version` never contacts a daemon).
 */
export interface Detection<T> {
  binary: string;
  /** absolute path of the program found on PATH; null when none was found */
  path: string | null;
  /** the parsed answer; null when the program is missing or its output did not parse */
  value: T | null;
  /** the answer came from the cache file */
  cached: boolean;
}

export interface DetectOptions {
  env?: NodeJS.ProcessEnv;
  /** overrides the cache directory ($XDG_CACHE_HOME/regauth or ~/.cache/regauth) */
  cacheDir?: string;
  timeoutMs?: number;
  /** where programs are; by default a search of env's PATH */
  programPath?: ProgramPath;
}

const CACHE_FILE = 'installed-clients.json';
const DEFAULT_TIMEOUT_MS = 5_000;

interface CacheEntry {
  size: number;
  mtimeMs: number;
  output: string;
}

/**
 * The cache file as this process read or last wrote it: a resolution asks for docker's and
 * podman's releases. Entries are checked against the program's size and mtime, so an older
 * copy costs at most a probe.
 */
let known: { file: string; cache: Record<string, CacheEntry> } | null = null;

function installedClients(file: string): Record<string, CacheEntry> {
  if (known?.file !== file) known = { file, cache: readCacheFile(file) as Record<string, CacheEntry> };
  return known.cache;
}

/** The program's version output, parsed by `parse`; cached by path, size and mtime. */
export function detect<T>(binary: string, versionArgs: readonly string[], parse: (output: string) => T | null, options: DetectOptions = {}): Detection<T> {
  const env = options.env ?? process.env;
  const path = options.programPath === undefined ? pathOf(binary, env['PATH']) : options.programPath(binary);
  if (path === null) return { binary, path: null, value: null, cached: false };
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return { binary, path: null, value: null, cached: false };
  }
  const cacheKey = `${path}\u0000${versionArgs.join('\u0000')}`;
  const cacheFile = join(options.cacheDir ?? cacheDirectory(env), CACHE_FILE);
  const cache = installedClients(cacheFile);
  const hit = cache[cacheKey];
  if (hit !== undefined && hit.size === stats.size && hit.mtimeMs === stats.mtimeMs) {
    return { binary, path, value: parse(hit.output), cached: true };
  }
  let output = '';
  try {
    // The version needs none of the user's files: the Docker CLI would otherwise open config.json
    // (a FIFO there blocks it, deaf to SIGTERM), so the probe gets only PATH and a config
    // directory that does not exist, and is killed outright when it overruns.
    const probeEnv = { PATH: env['PATH'] ?? '', DOCKER_CONFIG: '/nonexistent/regauth-version-probe', HOME: '/nonexistent/regauth-version-probe' };
    output = process.getBuiltinModule('node:child_process').execFileSync(path, [...versionArgs], { env: probeEnv, timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' });
  } catch {
    return { binary, path, value: null, cached: false };
  }
  cache[cacheKey] = { size: stats.size, mtimeMs: stats.mtimeMs, output };
  writeCacheFile(cacheFile, cache);
  return { binary, path, value: parse(output), cached: false };
}

/** "Docker version 28.2.2, build e6534b4" → 28.2.2 */
export function parseDockerVersionOutput(output: string): DockerVersion | null {
  const match = /^Docker version (\S+?),?(?:\s|$)/m.exec(output);
  return match?.[1] === undefined ? null : parseDockerVersion(match[1]);
}

/** Which Docker CLI release the docker resolver models, and why. */
export interface ModelledDocker {
  version: DockerVersion;
  origin: 'override' | 'installed' | 'newest-modelled';
  /** one sentence: "Docker CLI 28.2.2, installed at /usr/local/bin/docker" */
  why: string;
}

/** `--docker-version` wins; else the installed CLI; else the newest release regauth models. */
export function modelledDocker(override: DockerVersion | undefined, options: DetectOptions = {}): ModelledDocker {
  if (override !== undefined) {
    return { version: override, origin: 'override', why: `Docker CLI ${formatDockerVersion(override)}, as given with --docker-version` };
  }
  const found = detect('docker', ['--version'], parseDockerVersionOutput, options);
  if (found.value !== null && found.path !== null) {
    return { version: found.value, origin: 'installed', why: `Docker CLI ${formatDockerVersion(found.value)}, installed at ${found.path}` };
  }
  const newest = formatDockerVersion(NEWEST_MODELLED_DOCKER);
  const reason = found.path === null ? 'no docker on PATH' : `${found.path} --version did not say its release`;
  return { version: NEWEST_MODELLED_DOCKER, origin: 'newest-modelled', why: `Docker CLI ${newest}, the newest release modelled (${reason})` };
}
