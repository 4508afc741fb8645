/**
 * PATH lookup the way Go's `exec.LookPath` does it on Unix, done by us so that a missing helper
 * can be reported with the directories that were searched.
 */
import { stat } from 'node:fs';
import { promisify } from 'node:util';
import { delimiter, isAbsolute, join } from 'node:path';

export type LookupResult =
  | { kind: 'found'; path: string }
  /** `searched`: the PATH entries in order; `skipped`: entries Go refuses because they are relative */
  | { kind: 'missing'; searched: string[]; skipped: string[] };

export async function findExecutable(name: string, pathVariable: string | undefined): Promise<LookupResult> {
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
    if (await isExecutableFile(candidate)) return { kind: 'found', path: candidate };
  }
  return { kind: 'missing', searched, skipped };
}

// callback stat, promisified: node:fs/promises costs start-up more Node modules
const statFile = promisify(stat);

/** Go checks the mode bits only: a regular file (after symlinks) with any execute bit. */
async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await statFile(path);
    return !info.isDirectory() && (info.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/**
 * For a name with a slash, which Go's exec runs as a path relative to the working directory
 * without searching PATH: the errno Go reports when there is nothing to run there (ENOENT,
 * ENOTDIR), or null when something is there.
 */
export async function relativePathError(name: string): Promise<string | null> {
  try {
    await statFile(name);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return code === 'ENOENT' || code === 'ENOTDIR' ? code : null;
  }
}
