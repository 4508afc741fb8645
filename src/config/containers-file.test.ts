import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeContainersAuth } from './containers-file.js';
import { locateContainers, type LocateEnvironment } from './locate.js';
import { readCredentialFile } from './read-file.js';
import { b64, fixture, getLogin, textFile, withTempDirAsync, writeFile, type GetLoginOutcome } from './test-support.js';
import { resolveContainers } from '../clients/containers.js';

describe('containers-file: decodeContainersAuth', () => {
  it('reads only auth and identitytoken; ignores credsStore and username/password', () => {
    const view = decodeContainersAuth(fixture('containers-from-docker.json', 'containers-auth'));
    assert.equal(view.parseError, null);
    assert.equal(view.auths[0]?.username, 'helen');
    const idsSeen = view.warnings.map((warning) => warning.id).sort();
    assert.deepEqual(idsSeen, ['containers.credsstore-ignored', 'containers.username-password-ignored', 'containers.username-password-ignored']);
  });

  it('strict JSON: empty file and trailing data are errors with the path in the message', () => {
    const empty = decodeContainersAuth(textFile('', 'containers-auth', '/x/auth.json'));
    assert.equal(empty.parseError?.message, 'reading JSON file "/x/auth.json": unmarshaling JSON at "/x/auth.json": unexpected end of JSON input');
    const trailing = decodeContainersAuth(textFile('{} xx', 'containers-auth', '/x/auth.json'));
    assert.equal(trailing.parseError?.cause, `invalid character 'x' after top-level value`);
  });

  it('no colon or empty auth: skipped; bad base64: an error kept on the entry', () => {
    const text = JSON.stringify({ auths: { a: { auth: b64('nocolon') }, b: {}, c: { auth: '!!' } } });
    const view = decodeContainersAuth(textFile(text, 'containers-auth'));
    const [a, b, c] = view.auths;
    assert.equal(a?.missingColon, true);
    assert.equal(a?.username, null);
    assert.equal(b?.emptyAuth, true);
    assert.equal(c?.authError, 'illegal base64 data at input byte 0');
  });

  it('legacy dockercfg is a flat map', () => {
    const view = decodeContainersAuth(fixture('dockercfg-flat.json', 'dockercfg'));
    assert.equal(view.auths[0]?.username, 'ivan');
  });

  it('type errors name containers/image types', () => {
    const view = decodeContainersAuth(textFile('{"auths":{"a":{"auth":5}}}', 'containers-auth'));
    assert.equal(view.parseError?.cause, 'json: cannot unmarshal number into Go struct field dockerAuthConfig.auths.auth of type string');
  });
});

function snapshotFor(dir: string, env: Record<string, string>): LocateEnvironment {
  return { env, homeDir: dir, uid: 0, platform: 'linux', exists: (path) => existsSync(path), onPath: () => false };
}

/** What regauth's containers resolver says `login --get-login` finds: the same files, the same decision code. */
async function ourGetLogin(snapshot: LocateEnvironment, tool: 'podman' | 'skopeo', registry: string): Promise<string> {
  const discovery = locateContainers(snapshot, { tool, command: 'login' });
  const files = await Promise.all(discovery.candidates.map(async (candidate) => decodeContainersAuth(await readCredentialFile(candidate.path, candidate.format))));
  const resolution = resolveContainers({ registry, name: registry, files, answers: new Map() });
  if (resolution.error !== null) return 'error';
  // get-login prints the stored username; an identity token alone has none
  return resolution.username === null || resolution.username === '' ? 'none' : `user ${resolution.username}`;
}

/** The same summary of what the real program said. */
function summary(outcome: GetLoginOutcome): string {
  return outcome.kind === 'user' ? `user ${outcome.username}` : outcome.kind;
}

function realUser(outcome: GetLoginOutcome): string | null {
  return outcome.kind === 'user' ? outcome.username : null;
}

describe('containers-file: skopeo 1.9.3 agrees (login --get-login)', () => {
  const cases: Array<[string, string]> = [
    ['valid', JSON.stringify({ auths: { 'reg.example': { auth: b64('u:p') } } })],
    ['bad base64', '{"auths":{"reg.example":{"auth":"!!"}}}'],
    ['no colon', JSON.stringify({ auths: { 'reg.example': { auth: b64('abc') } } })],
    ['empty username (get-login reports "not logged into")', JSON.stringify({ auths: { 'reg.example': { auth: b64(':abc') } } })],
    ['auths array', '{"auths":[]}'],
    ['auth number', '{"auths":{"reg.example":{"auth":5}}}'],
    ['truncated', '{"auths":{"reg.example":{"auth":"x"}}'],
    ['empty file', ''],
    ['BOM', '\ufeff{}'],
    ['trailing data', JSON.stringify({ auths: { 'reg.example': { auth: b64('u:p') } } }) + ' xx'],
    ['case-insensitive', JSON.stringify({ Auths: { 'reg.example': { AUTH: b64('u:p') } } })],
    ['duplicate: last wins', `{"auths":{"reg.example":{"auth":"${b64('u:p')}"},"reg.example":{"identitytoken":"x"}}}`],
    ['username/password fields ignored', '{"auths":{"reg.example":{"username":"u","password":"p"}}}'],
    ['newline inside base64', `{"auths":{"reg.example":{"auth":"dTpw\\nYw=="}}}`],
    ['credsStore ignored', JSON.stringify({ credsStore: 'pass', auths: { 'reg.example': { auth: b64('u:p') } } })],
  ];
  for (const [name, text] of cases) {
    it(name, async () => {
      await withTempDirAsync(async (dir) => {
        const path = join(dir, 'auth.json');
        writeFile(path, text);
        const env = { HOME: dir, REGISTRY_AUTH_FILE: path };
        const real = getLogin('skopeo', 'reg.example', env);
        assert.equal(await ourGetLogin(snapshotFor(dir, env), 'skopeo', 'reg.example'), summary(real), real.stderr);
      });
    });
  }
});

describe('locate + decode: search order agrees with podman 4.3.1 and skopeo 1.9.3', () => {
  const entry = (user: string): string => JSON.stringify({ auths: { 'reg.example': { auth: b64(`${user}:p`) } } });
  const other = JSON.stringify({ auths: { 'other.example': { auth: b64('x:p') } } });
  type Layout = { run?: string; xdg?: string; dockerConfig?: string; home?: string; authFile?: string; legacy?: string };
  const layouts: Array<[string, Layout, boolean, string | null]> = [
    ['runtime dir first', { run: entry('run'), xdg: entry('xdg'), home: entry('home') }, false, 'run'],
    ['xdg config when the runtime file lacks the key', { run: other, xdg: entry('xdg') }, false, 'xdg'],
    ['~/.docker/config.json after the containers files', { home: entry('home') }, false, 'home'],
    ['DOCKER_CONFIG is searched first by login', { run: entry('run'), dockerConfig: entry('dc') }, true, 'dc'],
    ['DOCKER_CONFIG without the key falls back to the default list (c/image 5.23)', { dockerConfig: other, xdg: entry('xdg') }, true, 'xdg'],
    ['REGISTRY_AUTH_FILE without the key falls back too (c/image 5.23)', { authFile: other, xdg: entry('xdg') }, false, 'xdg'],
    ['a broken runtime file stops the search', { run: '{', xdg: entry('xdg') }, false, null],
    ['legacy ~/.dockercfg last', { legacy: JSON.stringify({ 'reg.example': { auth: b64('legacy:p') } }) }, false, 'legacy'],
  ];
  for (const [name, layout, useDockerConfig, expected] of layouts) {
    for (const tool of ['podman', 'skopeo'] as const) {
      it(`${tool}: ${name}`, async () => {
        await withTempDirAsync(async (dir) => {
          const home = join(dir, 'home');
          const run = join(dir, 'run');
          const env: Record<string, string> = { HOME: home, XDG_RUNTIME_DIR: run };
          writeFile(join(run, '.keep'), '');
          if (layout.run !== undefined) writeFile(join(run, 'containers/auth.json'), layout.run);
          if (layout.xdg !== undefined) writeFile(join(home, '.config/containers/auth.json'), layout.xdg);
          if (layout.home !== undefined) writeFile(join(home, '.docker/config.json'), layout.home);
          if (layout.legacy !== undefined) writeFile(join(home, '.dockercfg'), layout.legacy);
          if (layout.dockerConfig !== undefined) writeFile(join(dir, 'dc/config.json'), layout.dockerConfig);
          if (useDockerConfig) env['DOCKER_CONFIG'] = join(dir, 'dc');
          if (layout.authFile !== undefined) {
            writeFile(join(dir, 'given.json'), layout.authFile);
            env['REGISTRY_AUTH_FILE'] = join(dir, 'given.json');
          }
          const real = getLogin(tool, 'reg.example', env);
          assert.equal(realUser(real), expected, real.stderr);
          if (expected === null) assert.equal(real.kind, 'error', `a broken file is an error, not "not logged in": ${real.stderr}`);
          assert.equal(await ourGetLogin(snapshotFor(home, env), tool, 'reg.example'), summary(real), real.stderr);
        });
      });
    }
  }
});
