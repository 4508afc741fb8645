import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { secret } from '../util/secret.js';
import { maskCredentials, unifiedDiff } from './diff.js';
import { applyEdits } from './edit.js';

const FIXTURES = fileURLToPath(new URL('../../../src/config/fixtures/write/', import.meta.url));

/** What diffutils prints, without the two header lines (they carry file names and dates). */
function systemDiffBody(oldText: string, newText: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'regauth-diff-'));
  try {
    writeFileSync(join(dir, 'old'), oldText);
    writeFileSync(join(dir, 'new'), newText);
    try {
      execFileSync('diff', ['-u', join(dir, 'old'), join(dir, 'new')], { encoding: 'utf8' });
      return '';
    } catch (error) {
      const stdout = (error as { stdout?: string }).stdout ?? '';
      return stdout.split('\n').slice(2).join('\n');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function body(diff: string): string {
  return diff.split('\n').slice(2).join('\n');
}

describe('unifiedDiff', () => {
  test('identical texts give an empty diff', () => {
    assert.equal(unifiedDiff('{}', '{}', 'config.json'), '');
  });

  const cases: Array<[string, string, string]> = [
    ['one changed line in the middle', 'a\nb\nc\nd\ne\nf\ng\nh\ni\n', 'a\nb\nc\nd\nE\nf\ng\nh\ni\n'],
    ['two distant changes make two hunks', Array.from({ length: 30 }, (_, i) => `l${i}`).join('\n') + '\n', Array.from({ length: 30 }, (_, i) => (i === 2 || i === 25 ? `X${i}` : `l${i}`)).join('\n') + '\n'],
    ['lines added at the end without final newline', 'a\nb', 'a\nb\nc'],
    ['from nothing', '', '{\n\t"auths": {}\n}'],
    ['final newline removed', 'a\nb\n', 'a\nb'],
  ];
  for (const [name, before, after] of cases) {
    test(`matches diff -u: ${name}`, () => {
      assert.equal(body(unifiedDiff(before, after, 'config.json')), systemDiffBody(before, after));
    });
  }

  test('a rename in a real Docker file matches diff -u', () => {
    const before = readFileSync(join(FIXTURES, 'docker-output.json'), 'utf8');
    const after = applyEdits(before, [{ kind: 'rename-key', path: ['auths', 'registry.example.com'], newKey: 'registry.example.com:443' }]).text;
    const diff = unifiedDiff(before, after, '/root/.docker/config.json');
    assert.ok(diff.startsWith('--- /root/.docker/config.json\n+++ /root/.docker/config.json\n@@ -1,6 +1,6 @@\n'));
    assert.equal(body(diff), systemDiffBody(before, after).replace('"dXNlcjpwYXNz"', '"[redacted]"'));
  });
});

describe('secrets never reach the diff', () => {
  test('auth values are masked generically, passed secrets wherever they appear', () => {
    const password = secret('pa"ss<&>word');
    const token = secret('eyJhbGciOiJSUzI1NiJ9.payload.sig');
    const auth = secret(Buffer.from(`bob:${password.reveal()}`).toString('base64'));
    const before = readFileSync(join(FIXTURES, 'spaces2.json'), 'utf8');
    const after = applyEdits(before, [
      { kind: 'set', path: ['auths', 'new.example'], value: { auth, identitytoken: token } },
      { kind: 'set', path: ['auths', 'plain.example'], value: { username: 'bob', password } },
      { kind: 'set', path: ['notes'], value: `token was ${token.reveal()}` },
    ]).text;
    const diff = unifiedDiff(before, after, 'config.json', { secrets: [password, token] });
    for (const leaked of [password.reveal(), JSON.stringify(password.reveal()).slice(1, -1), token.reveal(), auth.reveal(), 'YWxpY2U6c2VjcmV0', 'dXNlcjpwYXNz']) {
      assert.equal(diff.includes(leaked), false, 'a secret is in the diff');
    }
    assert.match(diff, /\+ {6}"auth": "\[redacted\]",/);
    assert.match(diff, /\+ {6}"password": "\[redacted\]"/);
    assert.match(diff, /\+ {2}"notes": "token was \[redacted\]"/);
    assert.match(diff, /\+ {6}"username": "bob",/);
  });

  test('Go-escaped secrets and credential fields in any case are masked', () => {
    const password = secret('a<b');
    assert.equal(maskCredentials('"x": "a\\u003cb", "Auth": "Zm9vOmJhcg==", "IdentityToken": "t", "auth": ""', [password]), '"x": "[redacted]", "Auth": "[redacted]", "IdentityToken": "[redacted]", "auth": ""');
  });

  test('context lines never show HttpHeaders values, proxy passwords or fields with escaped key names', () => {
    const before = [
      '{',
      '  "auths": {',
      '    "docker.io": { "auth": "YWxpY2U6c2VjcmV0" },',
      '    "x.example": { "\\u0070assword": "escaped-key-secret" }',
      '  },',
      '  "HttpHeaders": {',
      '    "X-Registry-Token": "header-secret-value"',
      '  },',
      '  "proxies": { "default": { "httpsProxy": "http://proxyuser:proxy-pass-secret@proxy.example:3128" } }',
      '}',
      '',
    ].join('\n');
    const after = before.replace('"docker.io"', '"https://index.docker.io/v1/"');
    const diff = unifiedDiff(before, after, 'config.json');
    assert.match(diff, /index\.docker\.io/);
    for (const leaked of ['escaped-key-secret', 'header-secret-value', 'proxy-pass-secret', 'YWxpY2U6c2VjcmV0']) {
      assert.equal(diff.includes(leaked), false, `${leaked} is in the diff:\n${diff}`);
    }
  });
});

