import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { testHelperScript } from '../testbed/helper-script.js';
import type { CaseContext, DifferentialCase } from './cases.js';

/**
 * A differential case's home, helpers and environment for runs against the recording daemon,
 * which contacts no registry: the case's users and tokens are made up, with random passwords.
 */
export class CaseHomes {
  readonly #root: string;
  readonly #passwords = new Map<string, string>();
  readonly context: CaseContext;

  constructor(root: string) {
    this.#root = root;
    this.context = {
      user: (name) => ({ name, password: this.password(name) }) as ReturnType<CaseContext['user']>,
      auth: (name) => Buffer.from(`${name}:${this.password(name)}`).toString('base64'),
      refreshToken: (name) => `refresh-token-of-${name}`,
      registryToken: (name) => `registry-token-of-${name}`,
    };
  }

  password(name: string): string {
    let value = this.#passwords.get(name);
    if (value === undefined) {
      value = `pw-${name}-${randomBytes(6).toString('hex')}`;
      this.#passwords.set(name, value);
    }
    return value;
  }

  /** Writes the case's files under `home`, its helpers on PATH; the environment for both sides. */
  prepare(testCase: DifferentialCase, dockerHost: string, home: string): NodeJS.ProcessEnv {
    writeContent(join(home, '.docker', 'config.json'), testCase.config(this.context));
    if (testCase.dockercfg !== undefined) writeContent(join(home, '.dockercfg'), testCase.dockercfg(this.context));
    for (const [relative, content] of Object.entries(testCase.files ?? {})) writeContent(join(home, relative), content(this.context));
    let path = process.env['PATH'] ?? '';
    for (const [name, table] of Object.entries(testCase.helpers ?? {})) {
      const credentials = Object.fromEntries(
        Object.entries(table).map(([url, user]) =>
          user.startsWith('<token>:') ? [url, { username: '<token>', secret: this.context.refreshToken(user.slice('<token>:'.length)) }] : [url, { username: user, secret: this.password(user) }],
        ),
      );
      path = `${testHelperScript(mkdtempSync(join(this.#root, 'helper-')), name, { credentials })}:${path}`;
    }
    const env: NodeJS.ProcessEnv = { PATH: path, HOME: home, DOCKER_HOST: dockerHost, DOCKER_CLI_EXPERIMENTAL: 'enabled' };
    for (const [name, value] of Object.entries(testCase.env ?? {})) env[name] = value.replace('$HOME', home);
    return env;
  }
}

/** A case file: an object as tab-indented JSON, `{ raw }` as is; mode 0600. */
export function writeContent(path: string, content: unknown): void {
  if (content === undefined) return;
  mkdirSync(dirname(path), { recursive: true });
  const text = typeof content === 'object' && content !== null && 'raw' in content ? String((content as { raw: string }).raw) : JSON.stringify(content, null, '\t');
  writeFileSync(path, text, { mode: 0o600 });
}
