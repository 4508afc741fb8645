import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeContainersAuth } from './containers-file.js';
import { decodeDockerConfig, parseDockerVersion, type DockerVersion } from './docker-file.js';
import { decodeKubeletSecret } from './kube-secret.js';
import { builtAuths } from './lazy-auths.js';
import type { FileFormat, LoadedFile } from './model.js';
import { plainJson, withoutPlainPath } from './plain-json.js';

/**
 * The cheap way through a file (plain-json.ts, lazy-auths.ts) against the full decoders: whenever
 * a view is read the cheap way, the full decoding of the same file gives no warning and the same
 * view, field for field, positions and secrets included.
 */

const VERSIONS: DockerVersion[] = ['20.10.24', '23.0.0', '26.1.0', '28.2.2', '29.7.2'].map((text) => parseDockerVersion(text) as DockerVersion);

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** a view as data: secrets revealed, every lazily built entry built */
function plainData(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, field: unknown) => (field !== null && typeof field === 'object' && 'reveal' in field && typeof field.reveal === 'function' ? `secret:${String(field.reveal())}` : field)));
}

const KEYS = ['reg.example.test', 'reg.example.test:5000', 'https://reg.example.test/v1/', 'http://reg.example.test', 'reg.example.test/ns/app', 'docker.io', 'https://index.docker.io/v1/', 'rég.example.test', '12345', '*.example.test', '', 'a"b', 'auths', 'Auths'];

const VALUES = [
  () => JSON.stringify({ auth: b64('alice:secret') }),
  () => JSON.stringify({ auth: b64('bob:pw'), identitytoken: 'tok' }),
  () => JSON.stringify({ auth: b64('carol:pw'), username: 'carol' }),
  () => JSON.stringify({ auth: b64('carol:pw'), username: 'dave' }),
  () => JSON.stringify({ auth: b64(':pw') }),
  () => JSON.stringify({ auth: b64('nocolon') }),
  () => JSON.stringify({ auth: b64('user:\u0000pw') }),
  () => JSON.stringify({ auth: b64('user:pw\u0000') }),
  () => JSON.stringify({ auth: b64('user:') }),
  () => JSON.stringify({ auth: '!!!' }),
  () => JSON.stringify({ auth: b64('user:pw').replace(/=+$/, '') }),
  () => JSON.stringify({ auth: `${b64('user:pw')}\n` }),
  () => JSON.stringify({ auth: b64('ü:pässwörd') }),
  () => JSON.stringify({ username: 'erin', password: 'pw' }),
  () => JSON.stringify({ email: 'e@example.test', auth: b64('user:pw') }),
  () => JSON.stringify({ serveraddress: 'x', registrytoken: 'rt', auth: b64('user:pw') }),
  () => JSON.stringify({ Auth: b64('user:pw') }),
  () => JSON.stringify({ foo: 'bar', auth: b64('user:pw') }),
  () => '{"auth": 1}',
  () => '{"auth": null}',
  () => '{"auth": "\\ud800"}',
  () => `{"auth": "${b64('a:b')}", "password": "\\ud83d\\ude00"}`,
  () => '{}',
  () => '[]',
  () => '"text"',
  () => 'null',
];

const ROOT_EXTRAS = [
  '"credsStore": "pass"',
  '"credsStore": ""',
  '"CredsStore": "pass"',
  '"credHelpers": {"gcr.io": "gcloud"}',
  '"credHelpers": {"gcr.io": ""}',
  '"credHelpers": {"gcr.io": 1}',
  '"currentContext": "remote"',
  '"HttpHeaders": {"X-Meta": "1"}',
  '"proxies": {"default": {"httpProxy": "http://p:3128"}}',
  '"pruneFilters": ["label=a"]',
  '"kubernetes": {"allNamespaces": "enabled"}',
  '"features": {"hooks": "true"}',
  '"somethingElse": [1, {"a": null}]',
  '"email": "x@example.test"',
  '"0": {}',
];

const fileText = fc
  .record({
    entries: fc.array(fc.record({ key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), value: fc.integer({ min: 0, max: VALUES.length - 1 }), plain: fc.boolean() }), { maxLength: 12 }),
    extras: fc.subarray(ROOT_EXTRAS, { maxLength: 3 }),
    authsNull: fc.boolean(),
    flat: fc.boolean(),
    indent: fc.constantFrom('', '\n\t', '\r\n  '),
    tail: fc.constantFrom('', '\n', '\n{}', ' x', ','),
  })
  .map(({ entries, extras, authsNull, flat, indent, tail }) => {
    const members = entries.map(({ key, value, plain }) => `${JSON.stringify(key)}:${indent}${plain ? JSON.stringify({ auth: b64(`u-${key}:p`) }) : (VALUES[value] as () => string)()}`);
    if (flat) return `{${indent}${members.join(`,${indent}`)}}${tail}`;
    const auths = authsNull && entries.length === 0 ? '"auths": null' : `"auths": {${indent}${members.join(`,${indent}`)}}`;
    return `{${indent}${[auths, ...extras].join(`,${indent}`)}${indent}}${tail}`;
  });

function loaded(text: string, format: FileFormat): LoadedFile {
  return { path: '/home/u/.docker/config.json', format, exists: true, text, ioError: null };
}

/** decodes the text both ways; when the cheap way was taken, the full one must agree and (unless allowed) have no warning */
function compareBothWays<V extends { auths: unknown[]; warnings: unknown[] }>(decode: () => V, warningsAllowed: boolean): boolean {
  const cheap = decode();
  const cheapWay = builtAuths(cheap) === null;
  const full = withoutPlainPath(decode);
  if (cheapWay && !warningsAllowed) assert.deepEqual(full.warnings, []);
  assert.deepEqual(plainData(cheap), plainData(full));
  return cheapWay;
}

describe('plain-json: the cheap way agrees with the full decoders', () => {
  it('gives the same view as the full decoding for Docker, podman and the kubelet, and only for files without warnings', () => {
    let cheapWays = 0;
    fc.assert(
      fc.property(fileText, (text) => {
        for (const version of VERSIONS) if (compareBothWays(() => decodeDockerConfig(loaded(text, 'docker-config'), { version }), false)) cheapWays += 1;
        if (compareBothWays(() => decodeContainersAuth(loaded(text, 'containers-auth')), false)) cheapWays += 1;
        if (compareBothWays(() => decodeContainersAuth(loaded(text, 'dockercfg')), false)) cheapWays += 1;
        // the kubelet's warnings point at the entry's key, so entries with warnings are read the cheap way too
        if (compareBothWays(() => decodeKubeletSecret(loaded(text, 'pull-secret')), true)) cheapWays += 1;
      }),
      { numRuns: 400 },
    );
    // the generator makes plain files too: the cheap way was taken, not only refused
    assert.ok(cheapWays > 100, `the cheap way was taken ${cheapWays} times`);
  });

  it('builds one entry when one is looked up, and all when the entries are read', () => {
    const text = JSON.stringify({ auths: { 'a.example.test': { auth: b64('a:1') }, 'b.example.test': { auth: b64('b:2') } } }, null, '\t');
    const view = decodeDockerConfig(loaded(text, 'docker-config'), { version: VERSIONS[4] as DockerVersion });
    assert.equal(builtAuths(view), null);
    assert.equal(view.auths[1]?.username, 'b');
    assert.deepEqual(view.auths[1]?.keyPos, { line: 6, column: 3, offset: 61 });
    assert.notEqual(builtAuths(view), null);
  });

  it('refuses what JSON.parse reads differently from Go: duplicate keys, array-index keys, lone surrogates, deep nesting', () => {
    assert.equal(plainJson('{"a": 1, "a": 2}'), null);
    assert.equal(plainJson('{"auths": {"x": {}, "x": {}}}'), null);
    assert.equal(plainJson('{"auths": {"5000": {}}}'), null);
    assert.equal(plainJson('{"a": "\\udc00"}'), null);
    assert.equal(plainJson(`${'['.repeat(100)}${']'.repeat(100)}`), null);
    assert.equal(plainJson('\ufeff{}'), null);
    assert.equal(plainJson('{} {}'), null);
    assert.notEqual(plainJson('{"a": "\\ud83d\\ude00", "b": {"c:d": "e,\\"f"}}'), null);
  });
});
