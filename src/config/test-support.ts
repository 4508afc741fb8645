import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FileFormat, LoadedFile } from './model.js';

/** Shared by the reading-side tests: fixtures, in-memory files and the real programs as oracles. */

export const READ_FIXTURES = fileURLToPath(new URL('../../../src/config/fixtures/read/', import.meta.url));

export function fixture(name: string, format: FileFormat): LoadedFile {
  const path = join(READ_FIXTURES, name);
  return { path, format, exists: true, text: readFileSync(path, 'utf8'), ioError: null };
}

export function textFile(text: string, format: FileFormat, path = '/cfg/config.json'): LoadedFile {
  return { path, format, exists: true, text, ioError: null };
}

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function withTempDir<T>(run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'regauth-read-'));
  try {
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function withTempDirAsync<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'regauth-read-'));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function writeFile(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

export const DOCKER_BIN = '/usr/local/bin/docker';

/** Fails loudly: a real program consulted as an oracle that did not run proves nothing. */
function ranOrThrow(what: string, result: SpawnSyncReturns<string>): void {
  if (result.error !== undefined) throw new Error(`${what} did not run: ${result.error.message}`);
  if (result.status === null) throw new Error(`${what} was killed by ${result.signal ?? 'a signal'}: ${result.stderr}`);
}

/** The `WARNING: Error ...` line docker prints while loading DIR/config.json, or null when it loaded cleanly. */
export function dockerLoadWarning(configDir: string): string | null {
  const result = spawnSync(DOCKER_BIN, ['--config', configDir, 'context', 'ls'], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: configDir },
    encoding: 'utf8',
    timeout: 10_000,
  });
  ranOrThrow('docker context ls', result);
  // docker carries on after a broken config: the context list must still be there
  if (result.status !== 0 || !result.stdout.includes('default')) throw new Error(`docker context ls failed (exit ${result.status}): ${result.stderr}`);
  const line = result.stderr.split('\n').find((candidate) => candidate.startsWith('WARNING: Error'));
  return line ?? null;
}

/** What `login --get-login` said: a username, "not logged into", or an error of the lookup itself. */
export type GetLoginOutcome = { kind: 'user'; username: string; stderr: string } | { kind: 'none'; stderr: string } | { kind: 'error'; message: string; stderr: string };

/**
 * `<tool> login --get-login REG` with only the given environment. Throws when the program did
 * not run, was killed, or failed without the "Error: ..." line containers tools print.
 */
export function getLogin(tool: 'skopeo' | 'podman', registry: string, env: Record<string, string>): GetLoginOutcome {
  const result = spawnSync(tool, ['login', '--get-login', registry], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  ranOrThrow(`${tool} login --get-login`, result);
  const stderr = result.stderr;
  if (result.status === 0) {
    const username = result.stdout.trim();
    if (username === '') throw new Error(`${tool} login --get-login exited 0 without a username: ${stderr}`);
    return { kind: 'user', username, stderr };
  }
  // podman prints "Error: …"; skopeo logs through logrus: level=fatal msg="…"
  const logged = /level=fatal msg="((?:[^"\\]|\\.)*)"/.exec(stderr)?.[1];
  const message = /^Error: (.*)$/m.exec(stderr)?.[1] ?? (logged === undefined ? undefined : (JSON.parse(`"${logged}"`) as string));
  if (message === undefined) throw new Error(`${tool} login --get-login failed without an error message (exit ${result.status}): ${stderr}`);
  if (/^not logged into/.test(message)) return { kind: 'none', stderr };
  return { kind: 'error', message, stderr };
}
