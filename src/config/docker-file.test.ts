import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { decodeDockerAuthConfigEnv, decodeDockerConfig, parseDockerVersion } from './docker-file.js';
import { decodeLegacyDockercfg } from './dockercfg-legacy.js';
import { b64, dockerLoadWarning, fixture, textFile, withTempDir, writeFile } from './test-support.js';

const V28 = parseDockerVersion('28.2.2')!;
const V20 = parseDockerVersion('20.10.24')!;
const V29 = parseDockerVersion('29.0.0')!;

function ids(warnings: Array<{ id: string }>): string[] {
  return [...new Set(warnings.map((warning) => warning.id))].sort();
}

describe('docker-file: decodeDockerConfig', () => {
  it('reads a normal config: auth decoded, tokens kept, credsStore and credHelpers located', () => {
    const view = decodeDockerConfig(fixture('docker-valid.json', 'docker-config'), { version: V28 });
    assert.equal(view.loadError, null);
    assert.equal(view.fatal, false);
    const hub = view.auths.find((entry) => entry.key === 'https://index.docker.io/v1/')!;
    assert.equal(hub.username, 'alice');
    assert.equal(hub.password.reveal(), 's3cret');
    assert.equal(hub.keyPos.line, 3);
    const reg = view.auths.find((entry) => entry.key === 'registry.example.com')!;
    assert.equal(reg.identityToken?.reveal(), 'tok');
    const marker = view.auths.find((entry) => entry.key === 'helper-marker.example.com')!;
    assert.equal(marker.hasAuth, false);
    assert.deepEqual(view.credsStore, { value: 'pass', pos: { line: 12, column: 16, offset: view.credsStore!.pos.offset } });
    assert.deepEqual(view.credHelpers.map((helper) => [helper.key, helper.helper]), [['gcr.io', 'gcloud']]);
    assert.equal(view.containsAuth, true);
    assert.deepEqual(view.warnings, []);
  });

  it('is lenient like Go: case-insensitive keys, last duplicate wins, trailing data ignored', () => {
    const view = decodeDockerConfig(fixture('docker-lenient.json', 'docker-config'), { version: V28 });
    assert.equal(view.loadError, null);
    assert.equal(view.auths.length, 1);
    const entry = view.auths[0]!;
    assert.equal(entry.username, 'erin'); // second duplicate wins wholly (the map element restarts)
    assert.equal(entry.usernameField, '');
    assert.equal(view.credsStore?.value, 'secretservice');
    assert.deepEqual(ids(view.warnings), ['docker.duplicate-key', 'docker.field-case', 'docker.trailing-data-ignored', 'docker.unknown-field']);
    // email is still a field before 29.0, an unknown one from 29.0
    const v29 = decodeDockerConfig(fixture('docker-lenient.json', 'docker-config'), { version: V29 });
    assert.ok(v29.warnings.some((warning) => warning.id === 'docker.unknown-field' && warning.key?.endsWith('.email')));
  });

  it('a bad auth: error text by version, other entries order-dependent', () => {
    const view = decodeDockerConfig(fixture('docker-bad-auth.json', 'docker-config'), { version: V28 });
    assert.equal(view.loadError?.cause, 'Invalid auth configuration file');
    assert.equal(view.loadError?.cliWarning, `WARNING: Error parsing config file (${view.file.path}): Invalid auth configuration file`);
    assert.equal(view.orderDependent, true);
    const good = view.auths.find((entry) => entry.key === 'good.example')!;
    const bad = view.auths.find((entry) => entry.key === 'bad.example')!;
    assert.equal(good.decodeState, 'order-dependent');
    assert.equal(good.username, 'frank');
    assert.equal(bad.decodeState, 'failed');
    assert.equal(bad.authError, 'Invalid auth configuration file');
    assert.equal(decodeDockerConfig(fixture('docker-bad-auth.json', 'docker-config'), { version: V29 }).loadError?.cause, 'invalid auth configuration file');
    const v20 = decodeDockerConfig(fixture('docker-bad-auth.json', 'docker-config'), { version: V20 });
    assert.equal(v20.loadError?.cliWarning, `WARNING: Error loading config file: ${view.file.path}: Invalid auth configuration file`);
  });

  it('empty username: rejected since 23.0, accepted by 20.10', () => {
    const text = JSON.stringify({ auths: { r: { auth: b64(':pw') } } });
    assert.equal(decodeDockerConfig(textFile(text, 'docker-config'), { version: V28 }).auths[0]?.authError, 'Invalid auth configuration file');
    const old = decodeDockerConfig(textFile(text, 'docker-config'), { version: V20 });
    assert.equal(old.loadError, null);
    assert.equal(old.auths[0]?.username, '');
    assert.ok(old.warnings.some((warning) => warning.id === 'docker.auth-empty-username'));
  });

  it('auth overrides username/password and NULs are trimmed from the password', () => {
    const text = JSON.stringify({ auths: { r: { auth: b64('real:\u0000pw\u0000'), username: 'other', password: 'x' } } });
    const view = decodeDockerConfig(textFile(text, 'docker-config'), { version: V28 });
    const entry = view.auths[0]!;
    assert.equal(entry.username, 'real');
    assert.equal(entry.password.reveal(), 'pw');
    assert.equal(entry.usernameFieldConflict, true);
    assert.deepEqual(ids(view.warnings), ['docker.auth-username-conflict', 'docker.password-nul-trimmed']);
  });

  it('a type error anywhere stops decoding: no auth is decoded', () => {
    const view = decodeDockerConfig(fixture('docker-type-error.json', 'docker-config'), { version: V28 });
    assert.equal(view.loadError?.cause, 'json: cannot unmarshal number into Go struct field ConfigFile.psFormat of type string');
    assert.equal(view.fatal, false);
    assert.equal(view.auths[0]?.decodeState, 'not-decoded');
    assert.equal(view.auths[0]?.username, '');
    assert.ok(view.auths[0]?.auth !== null);
  });

  it('empty and whitespace files are fine; missing files are fine; syntax errors are fatal', () => {
    for (const text of ['', '  \n']) {
      const view = decodeDockerConfig(textFile(text, 'docker-config'), { version: V28 });
      assert.equal(view.loadError, null);
      assert.equal(view.containsAuth, false);
    }
    const missing = decodeDockerConfig({ path: '/none', format: 'docker-config', exists: false, text: '', ioError: null }, { version: V28 });
    assert.equal(missing.loadError, null);
    const broken = decodeDockerConfig(textFile('{"auths":', 'docker-config'), { version: V28 });
    assert.equal(broken.fatal, true);
    assert.equal(broken.loadError?.cause, 'unexpected EOF');
  });

  it('never puts a secret into warnings or errors', () => {
    const text = JSON.stringify({ auths: { a: { auth: b64('user:TOPSECRET'), username: 'x' }, b: { auth: b64('TOPSECRET') } } });
    const view = decodeDockerConfig(textFile(text, 'docker-config'), { version: V28 });
    // view.file.text is the file itself; everything derived from it must be free of secrets
    const derived = JSON.stringify({ ...view, file: null });
    assert.ok(!derived.includes('TOPSECRET'));
    assert.ok(!derived.includes(b64('user:TOPSECRET')));
  });
});

describe('docker-file: the real docker CLI agrees', () => {
  const cases: Array<[string, string]> = [
    ['bad base64', '{"auths":{"a":{"auth":"!!"}}}'],
    ['no colon', JSON.stringify({ auths: { a: { auth: b64('abc') } } })],
    ['empty user', JSON.stringify({ auths: { a: { auth: b64(':abc') } } })],
    ['auths is an array', '{"auths":[]}'],
    ['entry is a number', '{"auths":{"a":5}}'],
    ['auth is a number', '{"auths":{"a":{"auth":5}}}'],
    ['type error elsewhere', '{"proxies":{"default":[]}}'],
    ['credHelpers element', '{"credHelpers":{"a":1}}'],
    ['top level array', '[]'],
    ['truncated', '{"auths":{"a":{"auth":"x"}}'],
    ['BOM', '\ufeff{}'],
    ['trailing comma', '{"auths":{},}'],
    ['trailing garbage', '{} xx'],
    ['empty', ''],
    ['newline in base64', '{"auths":{"a":{"auth":"YTpi\\nYw=="}}}'],
    ['case-insensitive auths with bad auth', '{"AUTHS":{"a":{"AUTH":"!!"}}}'],
    ['null auths', '{"auths":null}'],
    ['deep nesting', '{"x":' + '['.repeat(10001) + ']'.repeat(10001) + '}'],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      withTempDir((dir) => {
        writeFile(join(dir, 'config.json'), text);
        const expected = dockerLoadWarning(dir);
        const view = decodeDockerConfig(textFile(text, 'docker-config', join(dir, 'config.json')), { version: V28 });
        assert.equal(view.loadError?.cliWarning ?? null, expected);
      });
    });
  }
});

describe('docker-file: DOCKER_AUTH_CONFIG', () => {
  it('parses the strict form', () => {
    const view = decodeDockerAuthConfigEnv(JSON.stringify({ auths: { 'reg.example': { auth: b64('u:p') } } }));
    assert.equal(view.error, null);
    assert.equal(view.auths[0]?.username, 'u');
  });
  it('rejects unknown fields, missing auth, second values', () => {
    assert.equal(decodeDockerAuthConfigEnv('{"auths":{"r":{"auth":"dTpw","username":"u"}}}').error, 'json: unknown field "username"');
    assert.equal(decodeDockerAuthConfigEnv('{"auths":{"r":{}}}').error, 'DOCKER_AUTH_CONFIG environment variable is missing key `auth` for r');
    assert.equal(decodeDockerAuthConfigEnv('{"auths":{}} {}').error, 'DOCKER_AUTH_CONFIG does not support more than one JSON object');
    assert.equal(decodeDockerAuthConfigEnv('{"auths":{}} }').error, null);
    assert.equal(
      decodeDockerAuthConfigEnv('{"auths":{"r":{"auth":"!"}}}').cliMessage,
      'Failed to create credential store from DOCKER_AUTH_CONFIG:  illegal base64 data at input byte 0',
    );
  });
  it('is ignored before 28.3 and when empty', () => {
    assert.equal(decodeDockerAuthConfigEnv('{"auths":{}}', V28).present, false);
    assert.equal(decodeDockerAuthConfigEnv('').present, false);
  });
});

describe('dockercfg-legacy', () => {
  it('flat map for Docker 20.10', () => {
    const view = decodeLegacyDockercfg(fixture('dockercfg-flat.json', 'dockercfg'), { version: V20 });
    assert.equal(view.loadError, null);
    assert.equal(view.auths[0]?.key, 'reg.example');
    assert.equal(view.auths[0]?.username, 'ivan');
    assert.ok(view.warnings.some((warning) => warning.id === 'docker.dockercfg-deprecated'));
  });
  it('two-line format is stored under the Docker Hub key', () => {
    const view = decodeLegacyDockercfg(fixture('dockercfg-two-line', 'dockercfg'), { version: V20 });
    assert.equal(view.auths[0]?.key, 'https://index.docker.io/v1/');
    assert.equal(view.auths[0]?.username, 'judy');
  });
  it('one-line garbage and newer Docker', () => {
    assert.equal(decodeLegacyDockercfg(textFile('nonsense', 'dockercfg'), { version: V20 }).loadError?.cause, 'The Auth config file is empty');
    assert.equal(decodeLegacyDockercfg(textFile('a\nb', 'dockercfg'), { version: V20 }).loadError?.cause, 'Invalid Auth config file');
    const ignored = decodeLegacyDockercfg(fixture('dockercfg-flat.json', 'dockercfg'), { version: V28 });
    assert.equal(ignored.auths.length, 0);
    assert.ok(ignored.warnings.some((warning) => warning.id === 'docker.dockercfg-ignored'));
  });
});
