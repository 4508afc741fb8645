import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
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

/** The `WARNING: Error ...` line docker prints while loading DIR/config.json, or null. */
export function dockerLoadWarning(configDir: string): string | null {
  const result = spawnSync(DOCKER_BIN, ['--config', configDir, 'context', 'ls'], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: configDir },
    encoding: 'utf8',
    timeout: 10_000,
  });
  const line = result.stderr.split('\n').find((candidate) => candidate.startsWith('WARNING: Error'));
  return line ?? null;
}

/** `<tool> login --get-login REG` with only the given environment: the username, or the failure text. */
export function getLogin(tool: 'skopeo' | 'podman', registry: string, env: Record<string, string>): { username: string | null; stderr: string } {
  const result = spawnSync(tool, ['login', '--get-login', registry], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { username: result.status === 0 ? result.stdout.trim() : null, stderr: result.stderr };
}
