import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextMetaPath, dockerContextChoice } from '../../../src/config/docker-context.js';
import { locateDocker, type LocateEnvironment } from '../../../src/config/locate.js';
import { checkFileAccess } from '../../../src/doctor/checks/file-access.js';
import { HOME, scenario } from '../../../src/doctor/scenario.test-support.js';
import { isSnapProgram } from '../../../src/resolve/environment.js';

/** The rules behind the snap and context findings that need no registry: where the snap's Docker reads, which context Docker picks. */

const V28 = { major: 28, minor: 2, patch: 2 };

function snapshot(env: Record<string, string>, dockerIsSnap: boolean): LocateEnvironment {
  return { env, homeDir: '/home/u', uid: 1000, platform: 'linux', exists: () => true, onPath: () => false, dockerIsSnap };
}

test('the snap package\'s Docker reads ~/snap/docker/current/.docker/config.json; DOCKER_CONFIG still wins', () => {
  const snap = locateDocker(snapshot({ HOME: '/home/alice' }, true), { version: V28 });
  assert.deepEqual(snap.candidates.map((candidate) => candidate.path), ['/home/alice/snap/docker/current/.docker/config.json']);
  assert.match(snap.candidates[0]?.reason ?? '', /snap/);
  assert.deepEqual(locateDocker(snapshot({ HOME: '/home/alice', DOCKER_CONFIG: '/ci/docker' }, true), { version: V28 }).candidates.map((candidate) => candidate.path), ['/ci/docker/config.json']);
  assert.deepEqual(locateDocker(snapshot({ HOME: '/home/alice' }, false), { version: V28 }).candidates.map((candidate) => candidate.path), ['/home/alice/.docker/config.json']);
});

test('/snap/bin/docker is the snap; /usr/bin/docker is not', () => {
  assert.equal(isSnapProgram('/snap/bin/docker'), true);
  assert.equal(isSnapProgram('/usr/bin/docker'), false);
  assert.equal(isSnapProgram(null), false);
});

test('doctor with the snap\'s Docker: the snap file is Docker\'s, ~/.docker/config.json is the other tools\'', () => {
  const snapFile = `${HOME}/snap/docker/current/.docker/config.json`;
  const facts = scenario({ configPath: snapFile, config: 'seed.json', env: { snapDocker: { installed: true, configFiles: [snapFile] } } });
  const found = checkFileAccess(facts).find((item) => item.id === 'snap-docker-config');
  assert.ok(found);
  assert.equal(found.file, snapFile);
  assert.match(found.detail, new RegExp(`read ${HOME}/\\.docker/config\\.json`));
});

test('a context\'s metadata path is the SHA-256 of its name (as the real Docker CLI 28.2 printed for "desktop-linux")', () => {
  assert.equal(contextMetaPath('/tmp/ctx', 'desktop-linux'), '/tmp/ctx/contexts/meta/fe9c6bd7a66301f49ca9b6a70b217107cd1284598bfc254700c989b916da791e/meta.json');
});

test('context order: DOCKER_HOST (the default context), then DOCKER_CONTEXT, then currentContext', () => {
  assert.deepEqual(dockerContextChoice('/c', { DOCKER_HOST: 'unix:///x.sock', DOCKER_CONTEXT: 'a' }, 'b'), { name: 'default', source: 'DOCKER_HOST', metaPath: null });
  assert.equal(dockerContextChoice('/c', { DOCKER_CONTEXT: 'a' }, 'b').name, 'a');
  assert.equal(dockerContextChoice('/c', {}, 'b').source, 'currentContext');
  assert.equal(dockerContextChoice('/c', {}, null).metaPath, null);
});
