import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/**
 * regauth's cache files ($XDG_CACHE_HOME/regauth, else ~/.cache/regauth): answers worth
 * remembering between runs (installed client releases, trust anchors). Losing one costs only
 * time, so reading and writing are best effort.
 */

export function cacheDirectory(env: NodeJS.ProcessEnv): string {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'regauth');
  const home = env['HOME'] !== undefined && env['HOME'] !== '' ? env['HOME'] : safeHome();
  return join(home, '.cache', 'regauth');
}

function safeHome(): string {
  try {
    // node:os on first use: loading it costs every start ~0.3 ms
    return process.getBuiltinModule('node:os').homedir();
  } catch {
    return '/';
  }
}

/** The JSON object a cache file holds; empty when it is missing, damaged or not an object. */
export function readCacheFile(file: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Best effort (0600, in a 0700 directory): an unwritable cache only costs the next run time. */
export function writeCacheFile(file: string, cache: object): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(cache), { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // not cached
  }
}
