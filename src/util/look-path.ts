/**
 * PATH lookup the way Go's `exec.LookPath` does it on Unix: the first entry holding the name as
 * something that is not a directory and that this user may execute. Done by us so that a
 * missing program can be reported with the directories that were searched. Synchronous: a few
 * stat calls, no reason to start the thread pool.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export type LookupResult =
  | { kind: 'found'; path: string }
  /** `searched`: the PATH entries in order; `skipped`: entries Go refuses because they are relative */
  | { kind: 'missing'; searched: string[]; skipped: string[] };

export function lookPath(name: string, pathVariable: string | undefined): LookupResult {
  const searched: string[] = [];
  const skipped: string[] = [];
  // A name with a slash is run as a path by Go, relative to the working directory. A helper
  // suffix from a config file is never meant that way, so it is not looked up at all.
  if (name.includes('/')) return { kind: 'missing', searched, skipped };
  // Go treats an empty entry as "." and, since Go 1.19, refuses to run what it finds there.
  for (const entry of (pathVariable ?? '').split(delimiter)) {
    const directory = entry === '' ? '.' : entry;
    if (!isAbsolute(directory)) {
      skipped.push(directory);
      continue;
    }
    searched.push(directory);
    const candidate = join(directory, name);
    if (isExecutable(candidate)) return { kind: 'found', path: candidate };
  }
  return { kind: 'missing', searched, skipped };
}

/** The path `lookPath` finds, or null. */
export function pathOf(name: string, pathVariable: string | undefined): string | null {
  const found = lookPath(name, pathVariable);
  return found.kind === 'found' ? found.path : null;
}

/** Where a program is, as `pathOf` answers for one PATH. */
export type ProgramPath = (name: string) => string | null;

/** `pathOf` that looks each name up once: one resolution asks where docker is more than once. */
export function memoizedPathOf(pathVariable: string | undefined): ProgramPath {
  const found = new Map<string, string | null>();
  return (name) => {
    let path = found.get(name);
    if (path === undefined) {
      path = pathOf(name, pathVariable);
      found.set(name, path);
    }
    return path;
  };
}

/**
 * Go 1.20+: not a directory, and access(X_OK) for this user; where that call is refused
 * (EPERM under some seccomp filters, ENOSYS), any execute bit.
 */
function isExecutable(path: string): boolean {
  // most PATH entries do not hold the name: access(2) says so without building a Stats object
  if (!existsSync(path)) return false;
  let mode: number;
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    if (info === undefined || info.isDirectory()) return false;
    mode = info.mode;
  } catch {
    return false;
  }
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return (code === 'EPERM' || code === 'ENOSYS') && (mode & 0o111) !== 0;
  }
}

/**
 * For a name with a slash, which Go's exec runs as a path relative to the working directory
 * without searching PATH: the errno Go reports when there is nothing to run there (ENOENT,
 * ENOTDIR), or null when something is there.
 */
export function relativePathError(name: string): string | null {
  try {
    statSync(name);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return code === 'ENOENT' || code === 'ENOTDIR' ? code : null;
  }
}
