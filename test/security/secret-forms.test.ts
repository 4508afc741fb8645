/**
 * Secrets in the forms the first canary suite did not plant: escaped key names, cut-off JSON,
 * prose fields (`Secret: x`, `password=x`), Go's JSON escaping, a helper echoing a secret from
 * the same config, HttpHeaders values and proxy passwords in `fix`'s diff. Every command runs as
 * the real CLI; its whole output is scanned for every form of every canary, partial ones too.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli.js';
import { goJsonForm, makeCanary, strictLeakForms, type Canary } from './support/canaries.js';

const root = mkdtempSync(join(tmpdir(), 'regauth-forms-'));
after(() => rmSync(root, { recursive: true, force: true }));

function findStrictLeaks(text: string, canaries: readonly Canary[]): string[] {
  return canaries.filter((canary) => strictLeakForms(canary).some((form) => text.includes(form))).map((canary) => canary.label);
}

function shellSingleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

describe('escaped, partial and Go-JSON-escaped secrets never reach output', () => {
  test('helper output with cut-off JSON, prose fields and a secret from the same config', async () => {
    const truncated = makeCanary('secret in JSON cut off');
    const prose = makeCanary('Secret: prose');
    const form = makeCanary('password= form');
    const sameConfig = makeCanary('password of another entry of the same config', { special: true });
    const home = join(root, 'helper-home');
    const bin = join(home, 'bin');
    mkdirSync(join(home, '.docker'), { recursive: true });
    mkdirSync(bin);
    const said = `{"ServerURL":"helper.example.com","Secret":"${truncated.value}`;
    const stderr = `error: Secret: ${prose.value} password=${form.value} echo ${goJsonForm(sameConfig.value)} and ${sameConfig.value}`;
    writeFileSync(join(bin, 'docker-credential-leaky'), `#!/bin/sh\ncat >/dev/null\nprintf '%s' ${shellSingleQuoted(said)}\nprintf '%s' ${shellSingleQuoted(stderr)} >&2\nexit 1\n`);
    chmodSync(join(bin, 'docker-credential-leaky'), 0o755);
    const auth = Buffer.from(`bob:${sameConfig.value}`).toString('base64');
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { 'other.example.com': { auth } }, credHelpers: { 'helper.example.com': 'leaky' } }), { mode: 0o600 });
    const env = { PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, HOME: home };
    for (const args of [['resolve', 'helper.example.com/app'], ['resolve', 'helper.example.com/app', '--json'], ['resolve', 'helper.example.com/app', '--debug'], ['doctor', '--offline'], ['doctor', '--offline', '--json']]) {
      const result = await runCli(args, { env, killAfterMs: 30_000 });
      assert.equal(result.killed, false);
      assert.deepEqual(findStrictLeaks(result.stdout + result.stderr, [truncated, prose, form, sameConfig]), [], `regauth ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
    }
  });

  test('fix --dry-run and fix --json: no HttpHeaders value, proxy password or escaped-key secret in the diff', async () => {
    const header = makeCanary('HttpHeaders value');
    const proxyPassword = makeCanary('proxy password');
    const escapedKey = makeCanary('value of "\\u0070assword"');
    const hub = makeCanary('hub password', { username: 'alice' });
    const home = join(root, 'fix-home');
    mkdirSync(join(home, '.docker'), { recursive: true });
    const text = [
      '{',
      '  "auths": {',
      `    "docker.io": { "auth": "${Buffer.from(`alice:${hub.value}`).toString('base64')}" },`,
      `    "x.example.com": { "username": "u", "\\u0070assword": "${escapedKey.value}" }`,
      '  },',
      `  "HttpHeaders": { "X-Meta-Token": "${header.value}" },`,
      `  "proxies": { "default": { "httpsProxy": "http://proxyuser:${proxyPassword.value}@proxy.example:3128" } }`,
      '}',
      '',
    ].join('\n');
    writeFileSync(join(home, '.docker', 'config.json'), text, { mode: 0o600 });
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home };
    for (const args of [['fix', '--dry-run'], ['fix', '--dry-run', '--json']]) {
      const result = await runCli(args, { env, killAfterMs: 30_000 });
      assert.match(result.stdout, /index\.docker\.io/, `the diff is shown:\n${result.stdout}\n${result.stderr}`);
      assert.deepEqual(findStrictLeaks(result.stdout + result.stderr, [header, proxyPassword, escapedKey, hub]), [], `regauth ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
    }
  });
});
