import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCliJson } from '../support/json-schema.js';
import { run, type RunResult } from '../testbed/process.js';
import { loadTestbed, type Testbed } from '../testbed/testbed.js';

/** Runs the real `regauth` binary the way a user would, inside the testbed environment. */
export const REGAUTH_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'regauth.js');

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

/** With --json, what it printed is checked against the command's schema in docs/json/. */
export async function regauth(args: readonly string[], options: CliOptions = {}): Promise<RunResult> {
  const testbed = loadTestbed();
  const result = await run(process.execPath, [REGAUTH_BIN, ...args], {
    env: testbed.env(options.env ?? {}),
    ...(options.input === undefined ? {} : { input: options.input }),
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  if (!result.timedOut) checkCliJson(args, result.stdout);
  return result;
}

/** A fresh $HOME with an optional ~/.docker/config.json (written exactly as given). */
export function homeWithDockerConfig(testbed: Testbed, text: string | null): { home: string; configDir: string; configPath: string } {
  const home = testbed.tempDir('home');
  const configDir = join(home, '.docker');
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const configPath = join(configDir, 'config.json');
  if (text !== null) writeFileSync(configPath, text, { mode: 0o600 });
  return { home, configDir, configPath };
}

export function authOf(testbed: Testbed, name: string): string {
  return Buffer.from(`${name}:${testbed.user(name).password}`).toString('base64');
}

/** The seed article's config: 4-space indent, `docker.io` key, an email. */
export function seedConfig(auth: string): string {
  return `{\n    "auths": {\n        "docker.io": {\n            "auth": "${auth}",\n            "email": "x.y@gmail.com"\n        }\n    }\n}\n`;
}

export function assertNoStackTrace(text: string): void {
  if (/^\s+at .+:\d+:\d+\)?$/m.test(text)) throw new Error(`output contains a stack trace:\n${text}`);
}
