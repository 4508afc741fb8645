/**
 * For tests that need no registry: a scratch directory and the real CLI, without `loadTestbed()`,
 * so they do not wait for (or hold) the testbed lock.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { checkCliJson } from '../../support/json-schema.js';
import { run, type RunResult } from '../../testbed/process.js';
import { REGAUTH_BIN, seedConfig } from '../support.js';

export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `regauth-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh $HOME whose ~/.docker/config.json holds alice's login under the key `docker.io`. */
export function seededHome(prefix: string): { home: string; configDir: string } {
  const home = scratchDir(prefix);
  const configDir = join(home, '.docker');
  mkdirSync(configDir, { mode: 0o700 });
  writeFileSync(join(configDir, 'config.json'), seedConfig(Buffer.from('alice:s3cr3t').toString('base64')), { mode: 0o600 });
  return { home, configDir };
}

export function envWith(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export async function regauthIn(args: readonly string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  const result = await run(process.execPath, [REGAUTH_BIN, ...args], { env, timeoutMs: 60_000 });
  if (!result.timedOut) checkCliJson(args, result.stdout);
  return result;
}
