/**
 * Text from outside reaches a terminal only with its control characters made visible: config
 * keys, user names, helper names and output, paths from the environment — each planted with
 * ESC/CSI, OSC 0/8/52, CR, C1 and BiDi overrides, and every command's human output (stdout and
 * stderr, the real CLI) scanned for the raw bytes. JSON output keeps the exact text.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from './support/cli.js';
import { CONTROL_PAYLOADS, rawControlCharacters } from './support/canaries.js';

const root = mkdtempSync(join(tmpdir(), 'regauth-control-'));
after(() => rmSync(root, { recursive: true, force: true }));
const payload = CONTROL_PAYLOADS.join('');

function assertNoRawControls(result: CliResult, what: string): void {
  const found = rawControlCharacters(result.stdout + result.stderr);
  assert.deepEqual(found, [], `${what} printed raw control characters: ${JSON.stringify(found)}\n${result.stdout}\n${result.stderr}`);
}

function setup(): { home: string; env: NodeJS.ProcessEnv } {
  // the environment is outside text too: HOME itself carries control characters
  const home = join(root, `home\x1b[31m\u202e\r-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(home, '.docker'), { recursive: true });
  const helperDir = join(home, 'bin');
  mkdirSync(helperDir);
  const helper = join(helperDir, 'docker-credential-evil');
  writeFileSync(helper, `#!/bin/sh\ncat >/dev/null\nprintf '%s' ${JSON.stringify(`bad\x1b[2J\x1b]52;c;Y2FuYXJ5\x07 helper\r✓ all good\u202e`)} >&2\nexit 1\n`);
  chmodSync(helper, 0o755);
  const user = `alice${payload}`;
  const config = {
    auths: {
      [`myreg.example.com${payload}`]: { auth: Buffer.from(`${user}:pw`).toString('base64') },
      'other.example.com': { auth: Buffer.from(`${user}:pw`).toString('base64') },
    },
    credHelpers: { 'helper.example.com': 'evil', [`x${payload}.example.com`]: `e\x1b[31mvil` },
    [`unknown${payload}`]: 1,
  };
  writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify(config, null, 2), { mode: 0o600 });
  return { home, env: { PATH: `${helperDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, HOME: home, DOCKER_CONFIG: join(home, '.docker') } };
}

describe('control characters from outside are shown, never interpreted', () => {
  test('ls, resolve, doctor --offline, fix --dry-run and explain: human output holds no raw C0/C1/BiDi', async () => {
    const { env } = setup();
    const runs: Array<[string, string[]]> = [
      ['ls', ['ls']],
      ['resolve of the registry with the key', ['resolve', 'other.example.com/app']],
      ['resolve through the failing helper', ['resolve', 'helper.example.com/app', '--client', 'docker']],
      ['resolve --debug', ['resolve', 'other.example.com/app', '--debug']],
      ['doctor --offline', ['doctor', '--offline']],
      ['fix --dry-run', ['fix', '--dry-run']],
      ['explain', ['explain', `denied: requested access${payload}`]],
      ['a usage error quoting the argument', ['resolve', `bad${payload}ref`]],
    ];
    for (const [what, args] of runs) {
      const result = await runCli(args, { env, killAfterMs: 30_000 });
      assert.equal(result.killed, false, what);
      assertNoRawControls(result, what);
    }
  });

  test('JSON output keeps the exact text (JSON escapes it)', async () => {
    const { env } = setup();
    const result = await runCli(['ls', '--json'], { env, killAfterMs: 30_000 });
    assert.ok(result.stdout.length > 0, result.stderr);
    assert.ok(result.stdout.includes(JSON.stringify(`myreg.example.com${payload}`).slice(1, -1)), 'the key is in the JSON exactly');
  });

  test('an unknown command is quoted with its control characters escaped', async () => {
    const result = await runCli([`bad${payload}cmd`], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: root }, killAfterMs: 30_000 });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command "bad\\x1b\[2J/);
    assertNoRawControls(result, 'an unknown command');
  });
});
