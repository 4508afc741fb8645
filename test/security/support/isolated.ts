/**
 * Runs the real CLI in a fresh $HOME (a copy of a prepared one) and a fresh $TMPDIR, and
 * returns everything it left behind: stdout, stderr (which carries the --debug log) and every
 * regular file it created or changed under either directory, with its mode.
 */
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runCli, type CliResult } from './cli.js';

export interface TouchedFile {
  path: string;
  mode: number;
  text: string;
}

export interface IsolatedResult extends CliResult {
  home: string;
  tmp: string;
  /** files created or changed under $HOME and $TMPDIR during the run */
  touched: TouchedFile[];
}

type Fingerprint = Map<string, string>;

function fingerprint(dir: string, into: Fingerprint = new Map()): Fingerprint {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) fingerprint(path, into);
    else if (entry.isFile()) {
      const stats = lstatSync(path);
      into.set(path, `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.mode}`);
    }
  }
  return into;
}

/**
 * `prepare(home)` gives the arguments and environment for the copied home; `HOME` and `TMPDIR`
 * are set by this function and win over anything in the environment.
 */
export async function runIsolated(
  templateHome: string,
  scratchRoot: string,
  prepare: (home: string) => { args: string[]; env: NodeJS.ProcessEnv; stdin?: string },
): Promise<IsolatedResult> {
  const home = join(scratchRoot, 'home');
  const tmp = join(scratchRoot, 'tmp');
  cpSync(templateHome, home, { recursive: true, preserveTimestamps: true });
  mkdirSync(tmp, { recursive: true, mode: 0o700 });
  const { args, env, stdin } = prepare(home);
  const before = new Map([...fingerprint(home), ...fingerprint(tmp)]);
  const result = await runCli(args, { env: { ...env, HOME: home, TMPDIR: tmp }, ...(stdin === undefined ? {} : { stdin }) });
  const touched: TouchedFile[] = [];
  for (const [path, print] of [...fingerprint(home), ...fingerprint(tmp)]) {
    if (before.get(path) === print) continue;
    touched.push({ path, mode: lstatSync(path).mode & 0o777, text: readFileSync(path, 'utf8') });
  }
  return { ...result, home, tmp, touched };
}

/** A path relative to the scratch directory, for messages. */
export function shortPath(result: IsolatedResult, path: string): string {
  return relative(join(result.home, '..'), path);
}
