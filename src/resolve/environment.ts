import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { detect } from '../clients/installed.js';
import type { LocateEnvironment } from '../config/locate.js';
import { pathOf, type ProgramPath } from '../util/look-path.js';

/** A snapshot of what file discovery depends on, taken from the real process. */
export function environmentSnapshot(env: NodeJS.ProcessEnv = process.env, programPath: ProgramPath = (name) => pathOf(name, env['PATH'])): LocateEnvironment {
  let homeDir: string | undefined;
  return {
    env: { ...env },
    // the passwd entry is read only when $HOME does not decide (it costs two file reads)
    get homeDir(): string {
      homeDir ??= passwdHome();
      return homeDir;
    },
    // the clients ask the kernel (os.Getuid), whatever passwd holds
    uid: process.getuid?.() ?? -1,
    platform: process.platform,
    cwd: process.cwd(),
    exists: (path) => existsSync(path),
    isFile: (path) => isRegularFile(path),
    onPath: (bin) => onPath(bin, env['PATH']),
    dockerIsSnap: isSnapProgram(programPath('docker')),
    listDir: (path) => {
      try {
        // a missing directory (the usual drop-in directories) without an exception
        if (statSync(path, { throwIfNoEntry: false }) === undefined) return null;
        return readdirSync(path, { withFileTypes: true }).map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() }));
      } catch {
        return null;
      }
    },
  };
}

function passwdHome(): string {
  try {
    // node:os on first use: loading it costs every start ~0.3 ms
    return process.getBuiltinModule('node:os').userInfo().homedir;
  } catch {
    // no passwd entry (containers running as an arbitrary uid): $HOME alone decides
    return '';
  }
}

/** A path under a file (ENOTDIR), unreadable or missing: not a file. */
function isRegularFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

export function onPath(bin: string, pathVariable: string | undefined): boolean {
  return pathOf(bin, pathVariable) !== null;
}

/** A program of a snap package: /snap/bin/NAME (a link to /usr/bin/snap) or a path that resolves into /snap/. */
export function isSnapProgram(path: string | null): boolean {
  if (path === null) return false;
  if (path.startsWith('/snap/bin/')) return true;
  try {
    return realpathSync.native(path).startsWith('/snap/');
  } catch {
    return false;
  }
}


/** `TOOL --version` from PATH, bounded in time; null when the tool is missing or fails. */
/** `TOOL --version`, cached like every version probe (src/clients/installed.ts); null when the tool is not installed. */
export function probeToolVersion(tool: string, env: NodeJS.ProcessEnv, programPath?: ProgramPath): Promise<string | null> {
  return Promise.resolve(detect(tool, ['--version'], (output) => output, { env, ...(programPath === undefined ? {} : { programPath }) }).value);
}
