import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { localeIsUtf8, terminalStyle } from './symbols.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const home = mkdtempSync(join(tmpdir(), 'regauth-symbols-'));
after(() => rmSync(home, { recursive: true, force: true }));
mkdirSync(join(home, '.docker'));
writeFileSync(join(home, '.docker', 'config.json'), '{\n  "auths": {\n    "docker.io": {"auth": "YWxpY2U6czNjcjN0"}\n  }\n}\n', { mode: 0o600 });

function resolveAlice(args: string[], env: Record<string, string>): string {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'regauth.js'), 'resolve', 'alice/app', '--client', 'docker', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: home, ...env },
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('terminal conventions', () => {
  it('colour on a terminal only; NO_COLOR and --no-color win; FORCE_COLOR forces it', () => {
    assert.deepEqual(terminalStyle([], { LANG: 'en_US.UTF-8' }, true), { color: true, ascii: false });
    assert.equal(terminalStyle([], { LANG: 'en_US.UTF-8' }, false).color, false);
    assert.equal(terminalStyle([], { TERM: 'dumb' }, true).color, false);
    assert.equal(terminalStyle([], { NO_COLOR: '1' }, true).color, false);
    assert.equal(terminalStyle(['--no-color'], { FORCE_COLOR: '1' }, true).color, false);
    assert.equal(terminalStyle([], { FORCE_COLOR: '1' }, false).color, true);
    assert.equal(terminalStyle([], { FORCE_COLOR: '0' }, false).color, false);
  });

  it('ASCII when the locale is not UTF-8 (LC_ALL, then LC_CTYPE, then LANG; unset is C) or with --ascii', () => {
    assert.equal(localeIsUtf8({}), false);
    assert.equal(localeIsUtf8({ LANG: 'C' }), false);
    assert.equal(localeIsUtf8({ LANG: 'de_DE.utf8' }), true);
    assert.equal(localeIsUtf8({ LC_ALL: 'C', LANG: 'en_US.UTF-8' }), false);
    assert.equal(localeIsUtf8({ LC_CTYPE: 'C.UTF-8', LANG: 'C' }), true);
    assert.equal(terminalStyle(['--ascii'], { LANG: 'C.UTF-8' }, false).ascii, true);
  });

  it('resolve: a short answer by default, the trace with --trace or -v, in the symbols the terminal can show', () => {
    const short = resolveAlice([], { LANG: 'C.UTF-8' });
    assert.deepEqual(short.trim().split('\n'), ['docker.io/alice/app', '  docker  sends no credentials']);
    const trace = resolveAlice(['--trace'], { LANG: 'C.UTF-8' });
    assert.equal(resolveAlice(['-v'], { LANG: 'C.UTF-8' }), trace);
    assert.match(trace, /^ +· "docker\.io" is not the exact key "https:\/\/index\.docker\.io\/v1\/".*\[line 3\]$/m);
    assert.match(trace, /^ +∅ no entry for "https:\/\/index\.docker\.io\/v1\/"/m);
    const ascii = resolveAlice(['--trace'], { LANG: 'C' });
    assert.equal(resolveAlice(['--trace', '--ascii'], { LANG: 'C.UTF-8' }), ascii);
    assert.match(ascii, /^ +0 no entry for "https:\/\/index\.docker\.io\/v1\/"/m);
    assert.match(ascii, /^[\x20-\x7e\n]*$/, 'nothing but ASCII');
    assert.doesNotMatch(trace, /\x1b\[/, 'no colour when stdout is not a terminal');
    assert.match(resolveAlice(['--trace'], { LANG: 'C.UTF-8', FORCE_COLOR: '1' }), /\x1b\[32m✓\x1b\[0m/);
    assert.doesNotMatch(resolveAlice(['--trace'], { LANG: 'C.UTF-8', FORCE_COLOR: '1', NO_COLOR: '1' }), /\x1b\[/);
  });
});
