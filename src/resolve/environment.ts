import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import type { LocateEnvironment } from '../config/locate.js';

/** A snapshot of what file discovery depends on, taken from the real process. */
export function environmentSnapshot(env: NodeJS.ProcessEnv = process.env): LocateEnvironment {
  let homeDir = '';
  let uid = -1;
  try {
    const info = userInfo();
    homeDir = info.homedir;
    uid = info.uid;
  } catch {
    // no passwd entry (containers running as an arbitrary uid): $HOME alone decides
  }
  return {
    env: { ...env },
    homeDir,
    uid,
    platform: process.platform,
    cwd: process.cwd(),
    exists: (path) => existsSync(path),
    onPath: (bin) => onPath(bin, env['PATH']),
    listDir: (path) => {
      try {
        return readdirSync(path, { withFileTypes: true }).map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() }));
      } catch {
        return null;
      }
    },
  };
}

export function onPath(bin: string, pathVariable: string | undefined): boolean {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

const VERSION_PROBE_TIMEOUT_MS = 5_000;

/** `TOOL --version` from PATH, bounded in time; null when the tool is missing or fails. */
export function probeToolVersion(tool: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (!onPath(tool, env['PATH'])) return Promise.resolve(null);
  return new Promise((resolve) => {
    execFile(tool, ['--version'], { env, timeout: VERSION_PROBE_TIMEOUT_MS, maxBuffer: 64 * 1024 }, (error, stdout) => resolve(error === null ? stdout : null));
  });
}
